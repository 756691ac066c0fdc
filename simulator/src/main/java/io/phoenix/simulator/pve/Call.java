package io.phoenix.simulator.pve;

/**
 * One validated API call as a handler sees it.
 *
 * @param params validated parameters, path variables included
 * @param caller who made it
 * @param taskError when a fault forces the call's task to fail, its text; else null
 */
record Call(Params params, Authenticator.Caller caller, String taskError) {

  String node() {
    return params.string("node");
  }

  int vmid() {
    return params.integer("vmid");
  }

  String user() {
    return caller.user();
  }
}
