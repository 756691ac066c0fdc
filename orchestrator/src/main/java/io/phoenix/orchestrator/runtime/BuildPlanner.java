package io.phoenix.orchestrator.runtime;

import io.phoenix.common.contract.BuildRequest;
import io.phoenix.orchestrator.planning.Plan;

/**
 * Turns a build request into a plan against the current inventory. Throws a runtime exception whose
 * message names what is wrong (e.g. an unknown guest); that message becomes the rejection reason.
 */
@FunctionalInterface
public interface BuildPlanner {

  Plan plan(BuildRequest request);
}
