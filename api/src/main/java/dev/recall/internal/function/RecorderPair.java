package dev.recall.internal.function;

import dev.recall.function.StatsRecorder;

/** Two recorders as one: how a recorder added to a running cache joins the ones it already has. */
record RecorderPair(StatsRecorder first, StatsRecorder second) implements StatsRecorder {

  @Override
  public void recordHit(String function) {
    first.recordHit(function);
    second.recordHit(function);
  }

  @Override
  public void recordMiss(String function) {
    first.recordMiss(function);
    second.recordMiss(function);
  }

  @Override
  public void recordStore(String function) {
    first.recordStore(function);
    second.recordStore(function);
  }

  @Override
  public void recordEvictions(String function, long count) {
    first.recordEvictions(function, count);
    second.recordEvictions(function, count);
  }

  @Override
  public void recordError(String function, Throwable error) {
    first.recordError(function, error);
    second.recordError(function, error);
  }

  @Override
  public void recordLoad(String function, long nanos, boolean success) {
    first.recordLoad(function, nanos, success);
    second.recordLoad(function, nanos, success);
  }

  @Override
  public void recordStampedeWait(String function, long nanos) {
    first.recordStampedeWait(function, nanos);
    second.recordStampedeWait(function, nanos);
  }

  @Override
  public void recordLeaseLapse(String function) {
    first.recordLeaseLapse(function);
    second.recordLeaseLapse(function);
  }

  @Override
  public void recordCorruptRemoved(String function, Throwable problem) {
    first.recordCorruptRemoved(function, problem);
    second.recordCorruptRemoved(function, problem);
  }
}
