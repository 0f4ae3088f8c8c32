package dev.recall.internal.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recall.RecallCommandException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every shape of the read script's reply, parsed into a {@link ReadReply}; any other shape is refused by name. */
class ReadReplyUnitTest {
  private static final byte[] VALUE = "vx".getBytes(StandardCharsets.US_ASCII);

  private static byte[] kind(char kind) {
    return new byte[] {(byte) kind};
  }

  @Test
  void plainValue_isAHit_notDueForRefresh_thatANearCacheCannotInstall() {
    ReadReply.Hit hit = (ReadReply.Hit) ReadReply.parse(VALUE);
    assertThat(hit.stored()).isSameAs(VALUE);
    assertThat(hit.refreshDue()).isFalse();
    assertThat(hit.installable()).isFalse();
    assertThat(hit.freshMillis()).isEqualTo(ReadReply.Hit.NOT_SAID);
  }

  @Test
  void nil_isAMissThatAskedNoLease() {
    ReadReply.Miss miss = (ReadReply.Miss) ReadReply.parse(null);
    assertThat(miss.lease()).isEqualTo(ReadReply.Miss.NO_LEASE);
    assertThat(miss.holdsLease()).isFalse();
    assertThat(miss.othersLease()).isFalse();
    assertThat(miss.stale()).isNull();
  }

  @Test
  void zero_isAMissWhoseCallerHoldsTheLease() {
    ReadReply.Miss miss = (ReadReply.Miss) ReadReply.parse(0L);
    assertThat(miss.holdsLease()).isTrue();
    assertThat(miss.othersLease()).isFalse();
    assertThat(miss.lease()).isZero();
  }

  @Test
  void positiveNumber_isAMissWaitingForAnothersLease_withItsTimeLeft() {
    ReadReply.Miss miss = (ReadReply.Miss) ReadReply.parse(1L);
    assertThat(miss.othersLease()).isTrue();
    assertThat(miss.holdsLease()).isFalse();
    assertThat(miss.lease()).isEqualTo(1);
    assertThat(((ReadReply.Miss) ReadReply.parse(2_500L)).lease()).isEqualTo(2_500);
  }

  @Test
  void extendedHit_saysHowLongTheEntryStaysFresh() {
    ReadReply.Hit hit = (ReadReply.Hit) ReadReply.parse(List.of(VALUE, kind('h'), 1_234L));
    assertThat(hit.stored()).isSameAs(VALUE);
    assertThat(hit.refreshDue()).isFalse();
    assertThat(hit.installable()).isTrue();
    assertThat(hit.freshMillis()).isEqualTo(1_234);
    assertThat(((ReadReply.Hit) ReadReply.parse(List.of(VALUE, kind('h'), -1L))).freshMillis()).isEqualTo(-1);
    assertThat(((ReadReply.Hit) ReadReply.parse(List.of(VALUE, kind('h'), 0L))).installable()).isTrue();
  }

  @Test
  void refreshHit_isDueForRefresh_andBecomesAMissHoldingTheLeaseWhenUnreadable() {
    ReadReply.Hit hit = (ReadReply.Hit) ReadReply.parse(List.of(VALUE, kind('r'), 50L));
    assertThat(hit.refreshDue()).isTrue();
    assertThat(hit.freshMillis()).isEqualTo(50);
    assertThat(hit.unreadable().holdsLease()).isTrue();
    assertThat(hit.unreadable().stale()).isNull();
  }

  @Test
  void plainHit_becomesAMissWithoutLeaseWhenUnreadable() {
    ReadReply.Miss miss = ((ReadReply.Hit) ReadReply.parse(VALUE)).unreadable();
    assertThat(miss.lease()).isEqualTo(ReadReply.Miss.NO_LEASE);
    assertThat(miss.stale()).isNull();
  }

  @Test
  void staleEntry_isAMissCarryingItsFallback_withTheMissPartParsedAsUsual() {
    ReadReply.Miss holding = (ReadReply.Miss) ReadReply.parse(List.of(VALUE, kind('s'), 0L));
    assertThat(holding.stale()).isSameAs(VALUE);
    assertThat(holding.holdsLease()).isTrue();

    ReadReply.Miss waiting = (ReadReply.Miss) ReadReply.parse(List.of(VALUE, kind('s'), 700L));
    assertThat(waiting.stale()).isSameAs(VALUE);
    assertThat(waiting.lease()).isEqualTo(700);

    ReadReply.Miss unprotected = (ReadReply.Miss) ReadReply.parse(Arrays.asList(VALUE, kind('s'), null));
    assertThat(unprotected.stale()).isSameAs(VALUE);
    assertThat(unprotected.lease()).isEqualTo(ReadReply.Miss.NO_LEASE);
  }

  @Test
  void otherShapes_areRefused_namingWhatCame() {
    for (Object odd : List.of("text", List.of(VALUE), List.of(VALUE, kind('h')), List.of(VALUE, kind('x'), 1L),
        List.of(VALUE, "hh".getBytes(StandardCharsets.US_ASCII), 1L), List.of(1L, kind('h'), 1L),
        List.of(VALUE, 1L, 1L), List.of(VALUE, kind('h'), 1L, 1L), List.of(VALUE, kind('s'), VALUE))) {
      assertThatThrownBy(() -> ReadReply.parse(odd)).as("%s", odd).isInstanceOf(RecallCommandException.class)
          .hasMessageContaining("read script");
    }
  }
}
