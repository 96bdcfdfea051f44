package io.plantops.inference.bench;

import ai.onnxruntime.OrtEnvironment;
import io.plantops.contract.HostAliases;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.Quality;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SignalBatch;
import io.plantops.contract.SignalSample;
import io.plantops.inference.InferenceServer;
import io.plantops.inference.Settings;
import io.plantops.inference.engine.Engine;
import io.plantops.inference.engine.UseCaseRuntime;
import io.plantops.inference.http.HttpLimits;
import io.plantops.inference.metrics.InferenceMetrics;
import io.plantops.inference.model.ModelLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Prints the inference server's figures: JMH for session.run, explanation and drift (with the GC
 * profiler for allocation), a harness for the in-process overhead per evaluation, and a loopback
 * HTTP load generator at concurrency 1 and 16. Arguments: {@code all}, or any of {@code jmh},
 * {@code overhead}, {@code http}.
 */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    String what = args.length == 0 ? "all" : args[0];
    StringBuilder report = new StringBuilder();
    if (what.equals("all") || what.contains("jmh")) {
      jmh(report);
    }
    if (what.equals("all") || what.contains("overhead")) {
      overhead(report);
    }
    if (what.equals("all") || what.contains("http")) {
      http(report, 1, 20);
      http(report, 16, 20);
    }
    System.out.println("\n==== plantops inference server benchmark ====\n" + report);
    Path out = Path.of("target", "bench-results.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.toString());
  }

  private static void jmh(StringBuilder report) throws Exception {
    Options opt =
        new OptionsBuilder()
            .include(ModelBenchmark.class.getName() + "|" + DriftBenchmark.class.getName())
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(2))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(3))
            .addProfiler(GCProfiler.class)
            .build();
    for (RunResult r : new Runner(opt).run()) {
      String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
      var primary = r.getPrimaryResult();
      var stats = primary.getStatistics();
      var alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
      if (name.equals("update")) {
        report.append(
            String.format(
                Locale.ROOT,
                "drift update: %.1f ns/sample (±%.1f), allocation %.3f B/op%n",
                stats.getMean(),
                primary.getScoreError(),
                alloc == null ? Double.NaN : alloc.getScore()));
      } else {
        report.append(
            String.format(
                Locale.ROOT,
                "%s: p50 %.2f µs, p99 %.2f µs, p99.9 %.2f µs, mean %.2f µs, allocation %.0f B/op%n",
                name,
                stats.getPercentile(50),
                stats.getPercentile(99),
                stats.getPercentile(99.9),
                stats.getMean(),
                alloc == null ? Double.NaN : alloc.getScore()));
      }
    }
  }

  /** A clock the harness moves one second per evaluation, as a 1 Hz plant would. */
  private static final class SteppingClock extends Clock {
    final AtomicLong ms = new AtomicLong(1_800_000_000_000L);

    @Override
    public long millis() {
      return ms.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(ms.get());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private static void overhead(StringBuilder report) throws Exception {
    SteppingClock clock = new SteppingClock();
    Engine engine =
        new Engine(
            clock,
            new ModelLoader(
                OrtEnvironment.getEnvironment(),
                HostAliases.parse(null),
                Files.createTempDirectory("bench-cache"),
                clock,
                null),
            new InferenceMetrics(),
            false);
    engine.apply(BenchPlant.config());
    while (!engine.ready()) {
      Thread.sleep(10); // harness, not a test: waits for the model loader thread
    }
    UseCaseRuntime rt = engine.runtime(BenchPlant.USE_CASE).orElseThrow();
    // one minute of 1 Hz history per input: 60 samples in every window
    for (int s = 0; s < 60; s++) {
      feed(engine, clock.millis() - (59 - s) * 1000L, s);
    }
    Histogram total = new Histogram(3_600_000_000L, 3);
    Histogram run = new Histogram(3_600_000_000L, 3);
    Histogram overhead = new Histogram(3_600_000_000L, 3);
    Histogram withExplanation = new Histogram(3_600_000_000L, 3);
    int warmup = 30_000;
    int measured = 100_000;
    for (int pass = 0; pass < 2; pass++) {
      rt.explain(pass == 1);
      for (int i = 0; i < warmup + measured; i++) {
        clock.ms.addAndGet(1000);
        feed(engine, clock.millis(), i);
        long t0 = System.nanoTime();
        if (rt.evaluate(clock.millis(), engine).isEmpty()) {
          throw new IllegalStateException("evaluation skipped: " + rt.lastSkip());
        }
        long t = System.nanoTime() - t0;
        if (i >= warmup) {
          if (pass == 0) {
            total.recordValue(t);
            run.recordValue(rt.lastRunNanos());
            overhead.recordValue(Math.max(0, t - rt.lastRunNanos()));
          } else {
            withExplanation.recordValue(t);
          }
        }
      }
    }
    engine.close();
    report.append(
        String.format(
            Locale.ROOT,
            "in-process evaluation (16 inputs, 60-sample Mean windows, %d evaluations):%n"
                + "  total without explanation: p50 %.2f µs, p99 %.2f µs%n"
                + "  of which session.run:       p50 %.2f µs, p99 %.2f µs%n"
                + "  overhead beyond session.run (assembly + drift + calibration + metrics +"
                + " recommendation): p50 %.2f µs, p99 %.2f µs, p99.9 %.2f µs%n"
                + "  total with explanation:    p50 %.2f µs, p99 %.2f µs%n",
            measured,
            us(total, 50),
            us(total, 99),
            us(run, 50),
            us(run, 99),
            us(overhead, 50),
            us(overhead, 99),
            us(overhead, 99.9),
            us(withExplanation, 50),
            us(withExplanation, 99)));
  }

  private static double us(Histogram h, double p) {
    return h.getValueAtPercentile(p) / 1000.0;
  }

  private static void feed(Engine engine, long ts, int i) {
    List<SignalSample> samples = new ArrayList<>(BenchPlant.INPUTS);
    for (int j = 0; j < BenchPlant.INPUTS; j++) {
      samples.add(
          new SignalSample(
              BenchPlant.signal(j),
              ts,
              BenchPlant.mean(j) + ((i * 7 + j) % 11) * 0.1,
              Quality.Good));
    }
    engine.ingest(new SignalBatch("bench", null, false, samples));
  }

  private static void http(StringBuilder report, int concurrency, int seconds) throws Exception {
    Path dir = Files.createTempDirectory("bench-http");
    ResolvedPlantConfig config = BenchPlant.config();
    Path file = dir.resolve("plant-config.json");
    Files.writeString(file, PlantConfigCodec.toJson(config));
    try (InferenceServer server =
        InferenceServer.start(
            new Settings(
                0,
                "127.0.0.1",
                file,
                2000,
                HttpLimits.withMaxBody(4 << 20),
                HostAliases.parse(null)),
            Clock.systemUTC(),
            dir.resolve("cache"),
            false)) {
      while (!server.engine().ready()) {
        Thread.sleep(10);
      }
      StringBuilder body =
          new StringBuilder(
              "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,16],\"datatype\":\"FP32\",\"data\":[");
      for (int j = 0; j < BenchPlant.INPUTS; j++) {
        body.append(j == 0 ? "" : ",").append(BenchPlant.mean(j) + 0.5);
      }
      body.append("]}]}");
      byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      String path = "/v2/models/" + BenchPlant.USE_CASE + "/infer";
      AtomicBoolean measuring = new AtomicBoolean(false);
      AtomicBoolean stop = new AtomicBoolean(false);
      Histogram[] latency = new Histogram[concurrency];
      long[] counts = new long[concurrency];
      long[] errors = new long[concurrency];
      Thread[] threads = new Thread[concurrency];
      for (int t = 0; t < concurrency; t++) {
        int id = t;
        latency[t] = new Histogram(60_000_000_000L, 3);
        threads[t] =
            new Thread(
                () -> {
                  try (HttpClient1 c = new HttpClient1(server.port(), path, bytes)) {
                    while (!stop.get()) {
                      long t0 = System.nanoTime();
                      int status = c.call();
                      long dt = System.nanoTime() - t0;
                      if (measuring.get()) {
                        latency[id].recordValue(dt);
                        counts[id]++;
                        if (status != 200) {
                          errors[id]++;
                        }
                      }
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                },
                "load-" + t);
        threads[t].start();
      }
      Thread.sleep(5000); // warm-up: JIT of both sides
      measuring.set(true);
      long start = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      measuring.set(false);
      long elapsed = System.nanoTime() - start;
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
      Histogram all = new Histogram(60_000_000_000L, 3);
      long n = 0;
      long e = 0;
      for (int t = 0; t < concurrency; t++) {
        all.add(latency[t]);
        n += counts[t];
        e += errors[t];
      }
      report.append(
          String.format(
              Locale.ROOT,
              "HTTP POST %s, concurrency %d, %d s: %.0f requests/s, p50 %.0f µs, p99 %.0f µs,"
                  + " p99.9 %.0f µs, %d non-200%n",
              path,
              concurrency,
              seconds,
              n / (elapsed / 1e9),
              us(all, 50),
              us(all, 99),
              us(all, 99.9),
              e));
    }
  }
}
