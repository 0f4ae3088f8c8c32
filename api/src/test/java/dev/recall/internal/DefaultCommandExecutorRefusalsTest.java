package dev.recall.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.RecallCommandException;
import dev.recall.RecallConnectionException;
import dev.recall.RecallTimeoutException;
import dev.recall.spi.Command;
import dev.recall.spi.DriverConnection;
import dev.recall.spi.pubsub.PubSubTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the executor resends: error replies by which the server refused a command before running it, and a lost
 * connection of a command marked resendable, within its budget, without blocking a thread in the async forms; never
 * a failure after which another command may have run, nor a timeout.
 */
class DefaultCommandExecutorRefusalsTest {
  private static final Command<Object> INCR =
      Command.keyed("INCR", reply -> reply, "k".getBytes(StandardCharsets.UTF_8));
  private static final Command<Object> PING = Command.keyless("PING", reply -> reply);

  @ParameterizedTest
  @ValueSource(strings = {"TRYAGAIN Multiple keys request during rehashing of slot",
      "LOADING Redis is loading the dataset in memory", "CLUSTERDOWN The cluster is down",
      "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
      "MOVED 9835 127.0.0.1:46297", "ASK 9835 127.0.0.1:46297"})
  void refusal_isResent_untilTheServerRunsIt(String refusal) {
    Scripted connection = new Scripted(refused(refusal), refused(refusal), 7L);
    DefaultCommandExecutor executor = new DefaultCommandExecutor(connection, "fake", Duration.ofSeconds(5));
    assertThat(executor.execute(INCR)).isEqualTo(7L);
    assertThat(connection.sends.get()).isEqualTo(3);
    connection.script(refused(refusal), 8L);
    assertThat(executor.executeAsync(INCR).join()).isEqualTo(8L);
    assertThat(executor.refusalsRetried()).isEqualTo(3);
  }

  @Test
  void batch_resendsOnlyTheRefusedCommands_inPlace() {
    Scripted connection = new Scripted("PONG", refused("TRYAGAIN x"), "PONG", 1L);
    DefaultCommandExecutor executor = new DefaultCommandExecutor(connection, "fake", Duration.ofSeconds(5));
    assertThat(executor.executeBatch(List.of(PING, INCR, PING))).containsExactly("PONG", 1L, "PONG");
    assertThat(connection.sends.get()).isEqualTo(4);
    connection.script("PONG", refused("LOADING x"), "PONG", refused("LOADING x"), 2L);
    assertThat(executor.executeBatchAsync(List.of(PING, INCR, PING)).join()).containsExactly("PONG", 2L, "PONG");
    assertThat(connection.sends.get()).isEqualTo(5);
  }

  @Test
  void otherErrorReplies_areNotResent() {
    Scripted connection = new Scripted(refused("ERR Error running script"), 1L);
    DefaultCommandExecutor executor = new DefaultCommandExecutor(connection, "fake", Duration.ofSeconds(5));
    assertThatThrownBy(() -> executor.execute(INCR)).isInstanceOf(RecallCommandException.class)
        .hasMessageContaining("ERR Error running script");
    assertThat(connection.sends.get()).isEqualTo(1);
  }

  @Test
  void timeoutOrLostConnection_isNotResent_becauseTheCommandMayHaveRun() {
    Scripted connection = new Scripted(new RecallTimeoutException("no reply within 2000 ms", null),
        new RecallConnectionException("connection reset", null), 1L);
    DefaultCommandExecutor executor = new DefaultCommandExecutor(connection, "fake", Duration.ofSeconds(5));
    assertThatThrownBy(() -> executor.execute(INCR)).isInstanceOf(RecallTimeoutException.class);
    assertThatThrownBy(() -> executor.executeAsync(INCR).join()).cause()
        .isInstanceOf(RecallConnectionException.class);
    assertThat(connection.sends.get()).isEqualTo(2);
    assertThat(executor.refusalsRetried()).isZero();
  }

  @Test
  void resendableCommand_isResentAfterALostConnection_butNotAfterATimeout() {
    Command<Object> record = INCR.resendable();
    Scripted connection = new Scripted(new RecallConnectionException("connection reset", null),
        new RecallConnectionException("not connected", null), 3L);
    DefaultCommandExecutor executor = new DefaultCommandExecutor(connection, "fake", Duration.ofSeconds(5));
    assertThat(executor.execute(record)).isEqualTo(3L);
    assertThat(connection.sends.get()).isEqualTo(3);
    connection.script(new RecallConnectionException("connection reset", null), 4L);
    assertThat(executor.executeAsync(record).join()).isEqualTo(4L);
    assertThat(executor.refusalsRetried()).isEqualTo(3);
    // A timeout spent the budget: the caller gets it.
    connection.script(new RecallTimeoutException("no reply within 2000 ms", null), 5L);
    assertThatThrownBy(() -> executor.execute(record)).isInstanceOf(RecallTimeoutException.class);
    assertThat(connection.sends.get()).isEqualTo(1);
  }

  @Test
  void resendableCommand_whoseConnectionStaysDown_failsAfterTheBudget() {
    Scripted connection = new Scripted(new RecallConnectionException("not connected", null));
    DefaultCommandExecutor executor = new DefaultCommandExecutor(connection, "fake", Duration.ofMillis(100));
    assertThatThrownBy(() -> executor.execute(INCR.resendable())).isInstanceOf(RecallConnectionException.class)
        .hasMessageContaining("not connected");
    assertThatThrownBy(() -> executor.executeAsync(INCR.resendable()).get(5, TimeUnit.SECONDS)).cause()
        .isInstanceOf(RecallConnectionException.class).hasMessageContaining("not connected");
    assertThat(connection.sends.get()).isGreaterThan(2);
  }

  @Test
  void refusalLastingPastTheBudget_isThrown() {
    Scripted connection = new Scripted(refused("CLUSTERDOWN The cluster is down"));
    DefaultCommandExecutor executor = new DefaultCommandExecutor(connection, "fake", Duration.ofMillis(100));
    long start = System.nanoTime();
    assertThatThrownBy(() -> executor.execute(INCR)).isInstanceOf(RecallCommandException.class)
        .hasMessageContaining("CLUSTERDOWN");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    // Pauses of 1, 2, 4, 8, 16 and 32 ms fit in 100 ms (fewer on a slow machine), a 50 ms one no longer does.
    assertThat(connection.sends.get()).isBetween(3, 9);
  }

  @Test
  void asyncRefusal_isResentWithoutBlockingTheCaller() {
    Scripted connection = new Scripted(refused("TRYAGAIN x"));
    DefaultCommandExecutor executor = new DefaultCommandExecutor(connection, "fake", Duration.ofMillis(300));
    long start = System.nanoTime();
    CompletableFuture<Object> call = executor.executeAsync(INCR);
    long returnedAfter = System.nanoTime() - start;
    assertThat(call).isNotDone();
    assertThat(Duration.ofNanos(returnedAfter)).isLessThan(Duration.ofMillis(300));
    assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(RecallCommandException.class)
        .hasMessageContaining("TRYAGAIN");
    assertThat(connection.sends.get()).isGreaterThan(1);
  }

  private static RecallCommandException refused(String reply) {
    return new RecallCommandException("INCR", reply, null);
  }

  /**
   * Answers each command with the next scripted outcome (the last one repeats): a reply, an error reply (a
   * {@link RecallCommandException}) or a failure (any other exception), thrown by {@code send} and failing the
   * future of {@code sendAsync}; in a batch, error replies are values.
   */
  private static final class Scripted implements DriverConnection {
    final AtomicInteger sends = new AtomicInteger();
    private final ConcurrentLinkedDeque<Object> outcomes = new ConcurrentLinkedDeque<>();

    Scripted(Object... outcomes) {
      script(outcomes);
    }

    void script(Object... next) {
      outcomes.clear();
      outcomes.addAll(List.of(next));
      sends.set(0);
    }

    private Object next() {
      sends.incrementAndGet();
      Object outcome = outcomes.size() > 1 ? outcomes.pollFirst() : outcomes.peekFirst();
      return outcome;
    }

    @Override
    public @Nullable Object send(Command<?> command) {
      Object outcome = next();
      if (outcome instanceof RuntimeException e) {
        throw e;
      }
      return outcome;
    }

    @Override
    public CompletableFuture<@Nullable Object> sendAsync(Command<?> command) {
      Object outcome = next();
      return outcome instanceof RuntimeException e ? CompletableFuture.failedFuture(new CompletionException(e))
          : CompletableFuture.completedFuture(outcome);
    }

    @Override
    public List<@Nullable Object> sendBatch(List<? extends Command<?>> commands) {
      List<@Nullable Object> replies = new ArrayList<>();
      for (int i = 0; i < commands.size(); i++) {
        Object outcome = next();
        if (outcome instanceof RuntimeException e && !(e instanceof RecallCommandException)) {
          throw e;
        }
        replies.add(outcome);
      }
      return replies;
    }

    @Override
    public CompletableFuture<List<@Nullable Object>> sendBatchAsync(List<? extends Command<?>> commands) {
      return CompletableFuture.completedFuture(sendBatch(commands));
    }

    @Override
    public PubSubTransport pubSub() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }
}
