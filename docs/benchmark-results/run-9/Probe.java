import dev.recall.Recall;
import dev.recall.RecallClient;
import dev.recall.RedisConfig;
import dev.recall.function.FunctionCache;
import dev.recall.function.FunctionCacheConfig;
import dev.recall.function.NearCacheConfig;
import dev.recall.testkit.RedisServer;
import java.lang.management.ManagementFactory;
import java.util.function.Function;

public class Probe {
  static long allocated() {
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (long id : bean.getAllThreadIds()) {
      long a = bean.getThreadAllocatedBytes(id);
      if (a > 0) sum += a;
    }
    return sum;
  }

  public static void main(String[] args) throws Exception {
    try (RedisServer server = RedisServer.spawn();
        RecallClient recall = Recall.connect(RedisConfig.fromUrl(server.url()), args[0])) {
      FunctionCache remote = recall.functionCache(FunctionCacheConfig.builder("remote").build());
      Function<Long, String> r = remote.memoize("hit", String.class, n -> "x".repeat(64));
      boolean near = args.length > 1;
      if (near) {
        FunctionCache nc = recall.functionCache(FunctionCacheConfig.builder("near").nearCache(NearCacheConfig.of(10_000)).build());
        Function<Long, String> f = nc.memoize("hit", String.class, n -> "x".repeat(64));
        for (long i = 0; i < 1000; i++) f.apply(i);
        for (int k = 0; k < 3; k++) for (long i = 0; i < 1000; i++) f.apply(i);
      }
      for (long i = 0; i < 1000; i++) r.apply(i);
      for (int w = 0; w < 20_000; w++) r.apply((long) (w % 1000));
      Thread.sleep(1000);
      long a0 = allocated();
      Thread.sleep(3000);
      long idle = allocated() - a0;
      long b0 = allocated();
      int ops = 40_000;
      long t0 = System.nanoTime();
      for (int w = 0; w < ops; w++) r.apply((long) (w % 1000));
      long t = System.nanoTime() - t0;
      long busy = allocated() - b0;
      System.out.printf("%s near=%s idle 3s: %d B; %d hits: %d B/op, %.1f us/op%n", args[0], near, idle, ops,
          busy / ops, t / 1000.0 / ops);
    }
  }
}
