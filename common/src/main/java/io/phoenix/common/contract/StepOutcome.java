package io.phoenix.common.contract;

/** How one attempt of a step ended, as an agent reports it. */
public sealed interface StepOutcome extends EventData permits StepSucceeded, StepFailed {}
