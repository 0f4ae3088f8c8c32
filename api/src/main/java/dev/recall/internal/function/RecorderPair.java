package dev.recall.internal.function;

import dev.recall.function.StatsRecorder;

/**
 * Two recorders as one: how a recorder added to a running cache joins the ones it already has. The second hears
 * each event even when the first throws (the first's exception then goes on to the cache's stats, which ignore it).
 */
record RecorderPair(StatsRecorder first, StatsRecorder second) implements StatsRecorder {

  @Override
  public void recordHit(String function) {
    try {
      first.recordHit(function);
    } finally {
      second.recordHit(function);
    }
  }

  @Override
  public void recordMiss(String function) {
    try {
      first.recordMiss(function);
    } finally {
      second.recordMiss(function);
    }
  }

  @Override
  public void recordStore(String function) {
    try {
      first.recordStore(function);
    } finally {
      second.recordStore(function);
    }
  }

  @Override
  public void recordEvictions(String function, long count) {
    try {
      first.recordEvictions(function, count);
    } finally {
      second.recordEvictions(function, count);
    }
  }

  @Override
  public void recordError(String function, Throwable error) {
    try {
      first.recordError(function, error);
    } finally {
      second.recordError(function, error);
    }
  }

  @Override
  public void recordLoad(String function, long nanos, boolean success) {
    try {
      first.recordLoad(function, nanos, success);
    } finally {
      second.recordLoad(function, nanos, success);
    }
  }

  @Override
  public void recordStampedeWait(String function, long nanos) {
    try {
      first.recordStampedeWait(function, nanos);
    } finally {
      second.recordStampedeWait(function, nanos);
    }
  }

  @Override
  public void recordLeaseLapse(String function) {
    try {
      first.recordLeaseLapse(function);
    } finally {
      second.recordLeaseLapse(function);
    }
  }

  @Override
  public void recordCorruptRemoved(String function, Throwable problem) {
    try {
      first.recordCorruptRemoved(function, problem);
    } finally {
      second.recordCorruptRemoved(function, problem);
    }
  }

  @Override
  public void recordRefresh(String function, boolean success) {
    try {
      first.recordRefresh(function, success);
    } finally {
      second.recordRefresh(function, success);
    }
  }

  @Override
  public void recordStaleServed(String function, Throwable error) {
    try {
      first.recordStaleServed(function, error);
    } finally {
      second.recordStaleServed(function, error);
    }
  }

  @Override
  public void recordNearHit(String function) {
    try {
      first.recordNearHit(function);
    } finally {
      second.recordNearHit(function);
    }
  }
}
