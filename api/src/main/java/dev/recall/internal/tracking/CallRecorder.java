package dev.recall.internal.tracking;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.recall.RecallCodecException;
import dev.recall.RecallException;
import dev.recall.spi.CommandExecutor;
import dev.recall.tracking.CallTracker;
import dev.recall.tracking.RecordedCall;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The one recording path of a tracker: encodes the arguments, runs the body, encodes its outcome, records both in
 * one round trip, then returns or rethrows the body's outcome unchanged. A tracker has exactly one, so decorators
 * and proxies compare recorders to know whether they may merge. Thread-safe.
 */
final class CallRecorder {
  /** The arguments of a call without any; shared, as an empty array cannot change. */
  static final Object[] NO_ARGS = {};
  private static final System.Logger LOG = System.getLogger(CallTracker.class.getName());

  private final CommandExecutor executor;
  private final TrackingStore store;
  private final ObjectWriter writer;

  CallRecorder(CommandExecutor executor, TrackingStore store, ObjectWriter writer) {
    this.executor = executor;
    this.store = store;
    this.writer = writer;
  }

  /**
   * Runs {@code body} and records the call under {@code site}. A failure to record is logged, never thrown, so
   * Redis being away does not change what the body returns or throws.
   *
   * @throws RecallCodecException before the body runs when the arguments cannot be encoded, or after it when the
   *     result cannot be
   * @throws Throwable whatever the body threw, unchanged
   */
  @Nullable Object record(Site site, @Nullable Object[] args, Invocation body) throws Throwable {
    byte[] inputs = site.history() ? encodeInputs(site.name(), args) : null;
    Object result = null;
    Throwable failure = null;
    try {
      result = body.call();
    } catch (Throwable t) {
      failure = t;
    }
    byte[] output = null;
    if (site.history()) {
      output = failure == null ? encodeOutput(site.name(), result) : exceptionEntry(failure);
    }
    try {
      executor.execute(store.record(site, inputs, output));
    } catch (RecallException e) {
      LOG.log(System.Logger.Level.WARNING, "could not record a call of ''{0}'': {1}", site.name(), e.getMessage());
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  /**
   * {@link #record} for adapters that declare no {@code Throwable}: their own signatures already admit what their
   * delegates throw, so it is rethrown as it is.
   */
  @Nullable Object recordUnchecked(Site site, @Nullable Object[] args, Invocation body) {
    try {
      return record(site, args, body);
    } catch (Throwable t) {
      throw CallRecorder.<RuntimeException>sneaky(t);
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }

  private byte[] encodeInputs(String name, @Nullable Object[] args) {
    try {
      return writer.writeValueAsBytes(args);
    } catch (Exception e) {
      throw new RecallCodecException("cannot encode the arguments of tracked call '" + name + "' as JSON: "
          + e.getMessage(), "Object[]", e);
    }
  }

  private byte[] encodeOutput(String name, @Nullable Object result) {
    try {
      return writer.writeValueAsBytes(result);
    } catch (Exception e) {
      String type = result == null ? "null" : result.getClass().getName();
      throw new RecallCodecException("cannot encode the result of tracked call '" + name + "', a " + type
          + ", as JSON: " + e.getMessage(), type, e);
    }
  }

  private static byte[] exceptionEntry(Throwable failure) {
    String message = failure.getMessage();
    return (RecordedCall.EXCEPTION_MARK + failure.getClass().getName() + (message == null ? "" : ": " + message))
        .getBytes(StandardCharsets.UTF_8);
  }
}
