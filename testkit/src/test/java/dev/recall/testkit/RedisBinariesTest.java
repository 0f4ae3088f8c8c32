package dev.recall.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recall.testkit.RedisBinaries.Version;
import org.junit.jupiter.api.Test;

class RedisBinariesTest {

  @Test
  void version_isReadFromTheVersionLine_andUnknownOtherwise() {
    assertThat(Version.parse("Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64"))
        .isEqualTo(new Version(7, 0));
    assertThat(Version.parse("Redis server v=6.2.11 sha=0")).isEqualTo(new Version(6, 2));
    assertThat(Version.parse("bash: redis-server: not found")).isEqualTo(Version.UNKNOWN);
  }

  @Test
  void binariesOlderThanSixTwo_areNotUsed() {
    assertThat(new Version(6, 0).atLeast(RedisBinaries.OLDEST_SUPPORTED)).isFalse();
    assertThat(new Version(5, 9).atLeast(RedisBinaries.OLDEST_SUPPORTED)).isFalse();
    assertThat(Version.UNKNOWN.atLeast(RedisBinaries.OLDEST_SUPPORTED)).isFalse();
    assertThat(new Version(6, 2).atLeast(RedisBinaries.OLDEST_SUPPORTED)).isTrue();
    assertThat(new Version(7, 0).atLeast(RedisBinaries.OLDEST_SUPPORTED)).isTrue();
  }

  @Test
  void theChosenBinary_isSixTwoOrNewer() {
    assertThat(RedisBinaries.version(RedisBinaries.redisServer()).atLeast(RedisBinaries.OLDEST_SUPPORTED)).isTrue();
  }
}
