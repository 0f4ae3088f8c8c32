package dev.recall.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws the benchmark results as one PNG of horizontal bar panels, from JMH's JSON output ({@code -rf json}) and,
 * optionally, the load harness's CSV: hit and miss as multiples of the same driver's raw GET, the peers, eviction
 * cost by size, key hashing, streams and the load harness. Java2D only, so nothing beyond the JDK is needed.
 *
 * <p>Run: {@code java -cp jmh/target/recall-benchmarks.jar dev.recall.jmh.Chart docs/benchmarks.png
 * results.json [more.json...] [load.csv]}
 */
public final class Chart {
  private static final int WIDTH = 1500;
  private static final int BAR = 18;
  private static final int GAP = 4;
  private static final int LABEL_WIDTH = 330;
  private static final Color[] COLORS = {new Color(0x3b6ea5), new Color(0xd9822b), new Color(0x4f9a50),
      new Color(0xb5403a), new Color(0x7d5ba6), new Color(0x8c8c8c)};

  /** One bar: its label, value, the text printed beside it and its colour index. */
  record Bar(String label, double value, String text, int color) {}

  /** One panel: a title, the unit of the axis and its bars; {@code reference} draws a dashed line at that value. */
  record Panel(String title, List<Bar> bars, double reference) {}

  private Chart() {}

  /** Reads the result files named after the output PNG and writes the chart. */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: Chart out.png results.json [more.json ...] [load.csv]");
    }
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> results = new ArrayList<>();
    List<String> load = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      Path file = Path.of(args[i]);
      if (args[i].endsWith(".csv")) {
        load.addAll(Files.readAllLines(file));
      } else {
        json.readTree(file.toFile()).forEach(results::add);
      }
    }
    List<Panel> panels = panels(results, load);
    write(panels, Path.of(args[0]));
    System.out.println("wrote " + args[0] + " with " + panels.size() + " panels");
  }

  static List<Panel> panels(List<JsonNode> results, List<String> load) {
    List<Panel> panels = new ArrayList<>();
    // Hit and miss per driver and policy, as multiples of the raw GET measured in the same fork.
    Map<String, Double> raw = new LinkedHashMap<>();
    Map<String, Double> hit = new LinkedHashMap<>();
    Map<String, Double> miss = new LinkedHashMap<>();
    List<Bar> peers = new ArrayList<>();
    List<Bar> eviction = new ArrayList<>();
    List<Bar> hashing = new ArrayList<>();
    List<Bar> streams = new ArrayList<>();
    for (JsonNode result : results) {
      String benchmark = result.path("benchmark").asText();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      String owner = benchmark.substring(0, benchmark.lastIndexOf('.'));
      owner = owner.substring(owner.lastIndexOf('.') + 1);
      JsonNode params = result.path("params");
      double score = result.path("primaryMetric").path("score").asDouble();
      String unit = result.path("primaryMetric").path("scoreUnit").asText();
      switch (owner) {
        case "FunctionCacheBenchmark" -> {
          String key = params.path("driver").asText() + " " + params.path("policy").asText();
          (method.equals("rawGet") ? raw : method.equals("hit") ? hit : miss).put(key, score);
        }
        case "PeersBenchmark" -> peers.add(new Bar(method, score, format(score) + " " + unit,
            method.startsWith("recall") ? 0 : method.startsWith("raw") ? 5 : 1));
        case "EvictionBenchmark" -> eviction.add(new Bar(params.path("policy").asText() + " "
            + String.format(Locale.ROOT, "%,d", params.path("size").asInt()) + " entries", score,
            format(score) + " " + unit, policyColor(params.path("policy").asText())));
        case "KeyHashBenchmark" -> {
          hashing.add(new Bar(method + " (time)", score, format(score) + " " + unit, 0));
          // JMH 1.37 names it "gc.alloc.rate.norm"; older releases put a middle dot in front.
          JsonNode metrics = result.path("secondaryMetrics");
          JsonNode alloc = metrics.has("gc.alloc.rate.norm") ? metrics.path("gc.alloc.rate.norm")
              : metrics.path("\u00b7gc.alloc.rate.norm");
          if (!alloc.isMissingNode()) {
            hashing.add(new Bar(method + " (allocation)", alloc.path("score").asDouble(),
                format(alloc.path("score").asDouble()) + " B/op", 1));
          }
        }
        case "StreamBenchmark" -> {
          double perSecond = 1e6 / score;
          String consumers = params.path("consumers").asText("");
          String label = params.path("driver").asText() + " " + method
              + (method.equals("consume") ? " x" + consumers + " consumers" : "");
          streams.add(new Bar(label, perSecond, String.format(Locale.ROOT, "%,.0f msg/s", perSecond),
              method.equals("send") ? 0 : 2));
        }
        default -> { }
      }
    }
    List<Bar> ratios = new ArrayList<>();
    for (var entry : raw.entrySet()) {
      Double h = hit.get(entry.getKey());
      Double m = miss.get(entry.getKey());
      if (h != null) {
        ratios.add(new Bar(entry.getKey() + " hit / raw GET", h / entry.getValue(),
            String.format(Locale.ROOT, "%.2fx (%s us vs %s us)", h / entry.getValue(), format(h),
                format(entry.getValue())), 0));
      }
      if (m != null) {
        ratios.add(new Bar(entry.getKey() + " miss+store / raw GET", m / entry.getValue(),
            String.format(Locale.ROOT, "%.2fx (%s us)", m / entry.getValue(), format(m)), 1));
      }
    }
    add(panels, "Function cache: hit and miss as multiples of the same driver's raw GET (target: hit <= 1.15x)",
        ratios, 1.15);
    add(panels, "Peers, one fork, one server: time per get of a present value (lower is better)", peers, 0);
    add(panels, "Eviction: time per miss on a full cache, Lettuce (should stay flat as the cache grows)", eviction,
        0);
    add(panels, "Key hashing per call (target: under 300 ns)", hashing, 0);
    add(panels, "Streams: messages per second (batched send, consume + JSON decode + ack)", streams, 0);
    List<Bar> loadBars = new ArrayList<>();
    for (String line : load) {
      String[] cells = line.split(",");
      if (cells.length < 6 || cells[0].equals("driver")) {
        continue;
      }
      double rate = Double.parseDouble(cells[3]);
      int color = cells[0].equals("redis-benchmark") ? 5 : cells[1].equals("raw-get") ? 1 : 0;
      String unit = cells[0].equals("redis-benchmark") ? " connections" : " threads";
      loadBars.add(new Bar(cells[0] + " " + cells[1] + " " + cells[2] + unit, rate,
          String.format(Locale.ROOT, "%,.0f ops/s, p50 %s us, p99 %s us", rate, cells[4], cells[5]), color));
    }
    add(panels, "Load harness: throughput with N virtual threads (N connections for redis-benchmark)", loadBars, 0);
    return panels;
  }

  private static void add(List<Panel> panels, String title, List<Bar> bars, double reference) {
    if (!bars.isEmpty()) {
      panels.add(new Panel(title, bars, reference));
    }
  }

  private static int policyColor(String policy) {
    return switch (policy) {
      case "LRU" -> 0;
      case "FIFO" -> 1;
      case "LFU" -> 2;
      case "MRU" -> 3;
      case "RR" -> 4;
      default -> 5;
    };
  }

  private static String format(double value) {
    return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
  }

  static void write(List<Panel> panels, Path out) throws IOException {
    int height = 20;
    for (Panel panel : panels) {
      height += 50 + panel.bars().size() * (BAR + GAP) + 20;
    }
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, height);
    int y = 20;
    Font title = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    for (Panel panel : panels) {
      g.setFont(title);
      g.setColor(Color.BLACK);
      g.drawString(panel.title(), 20, y + 20);
      y += 40;
      double max = Math.max(panel.reference(), panel.bars().stream().mapToDouble(Bar::value).max().orElse(1));
      int plotWidth = WIDTH - LABEL_WIDTH - 320;
      g.setFont(label);
      int top = y;
      for (Bar bar : panel.bars()) {
        g.setColor(Color.DARK_GRAY);
        g.drawString(bar.label(), 20, y + BAR - 4);
        int length = (int) Math.max(1, Math.round(bar.value() / max * plotWidth));
        g.setColor(COLORS[bar.color() % COLORS.length]);
        g.fillRect(LABEL_WIDTH, y, length, BAR);
        g.setColor(Color.BLACK);
        g.drawString(bar.text(), LABEL_WIDTH + length + 8, y + BAR - 4);
        y += BAR + GAP;
      }
      if (panel.reference() > 0) {
        int x = LABEL_WIDTH + (int) Math.round(panel.reference() / max * plotWidth);
        g.setColor(new Color(0xb00020));
        g.setStroke(new BasicStroke(2, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        g.drawLine(x, top - 4, x, y);
        g.setStroke(new BasicStroke(1));
      }
      y += 30;
    }
    g.dispose();
    Files.createDirectories(out.toAbsolutePath().getParent());
    ImageIO.write(image, "png", out.toFile());
  }
}
