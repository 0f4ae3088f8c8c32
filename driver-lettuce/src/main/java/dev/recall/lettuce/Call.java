package dev.recall.lettuce;

import dev.recall.RecallCommandException;
import dev.recall.RecallException;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.CommandArgs;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;

/**
 * One command in flight, and the future its caller gets: it completes with the raw reply, or fails with Recall's
 * exception, translated here on the completing thread so no extra stage is needed. On a dedicated connection it
 * also hands the connection back (or has it closed) before its dependents run.
 */
final class Call extends AsyncCommand<byte[], byte[], @Nullable Object> {
  private static final AtomicReferenceFieldUpdater<Call, DedicatedConnections.Lease> LEASE =
      AtomicReferenceFieldUpdater.newUpdater(Call.class, DedicatedConnections.Lease.class, "lease");

  private final LettuceConnection owner;
  private final String name;
  private volatile DedicatedConnections.@Nullable Lease lease;

  Call(LettuceConnection owner, String name, Keyword keyword, CommandArgs<byte[], byte[]> args) {
    super(new io.lettuce.core.protocol.Command<>(keyword, new ReplyOutput(name), args));
    this.owner = owner;
    this.name = name;
  }

  /** Returns the command name, for messages. */
  String name() {
    return name;
  }

  /** Ties the call to a dedicated connection, which it gives back when it completes. */
  void lease(DedicatedConnections.Lease lease) {
    this.lease = lease;
  }

  /** Called by Lettuce on the I/O thread once the whole reply is decoded. */
  @Override
  public void complete() {
    CommandOutput<byte[], byte[], @Nullable Object> output = getOutput();
    if (output != null && output.hasError()) {
      // No driver exception exists for an error reply: the caller only needs the server's text.
      completeExceptionally(new RecallCommandException(name, String.valueOf(output.getError()), null));
      return;
    }
    if (lease == null) {
      owner.repliedOnThisThread();
    } else {
      endLease(true);
    }
    super.complete();
  }

  @Override
  public boolean completeExceptionally(Throwable failure) {
    if (isDone()) {
      return false;
    }
    RecallException error = owner.failures().translate(name, failure);
    endLease(error instanceof RecallCommandException);
    return super.completeExceptionally(error);
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    // The server may still answer later, so a dedicated connection cannot be reused.
    endLease(false);
    return super.cancel(mayInterruptIfRunning);
  }

  private void endLease(boolean reusable) {
    if (lease != null) {
      DedicatedConnections.Lease ended = LEASE.getAndSet(this, null);
      if (ended != null) {
        ended.end(reusable);
      }
    }
  }
}
