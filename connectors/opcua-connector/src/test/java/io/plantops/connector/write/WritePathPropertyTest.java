package io.plantops.connector.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.connector.mapping.SignalView;
import io.plantops.contract.Autonomy;
import io.plantops.contract.Quality;
import io.plantops.contract.Recommendation;
import io.plantops.contract.SampleConfigs;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.Output;
import io.plantops.contract.UseCaseConfig.OutputKind;
import io.plantops.contract.WriteReason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Drives the closed-loop write path with generated recommendations: NaN, ±Inf, extremes, bursts,
 * duplicates, out-of-order and stale messages, unhealthy loops, stale and bad inputs, and operators
 * moving the setpoint, and checks that no write ever leaves the limits or the rate.
 */
class WritePathPropertyTest {

  private static final AtomicLong RECOMMENDATIONS = new AtomicLong();
  private static final Map<WriteReason, AtomicLong> OUTCOMES = new EnumMap<>(WriteReason.class);

  static {
    for (WriteReason reason : WriteReason.values()) {
      OUTCOMES.put(reason, new AtomicLong());
    }
  }

  private static final long MAX_AGE_MS = 30_000;
  private static final long SKEW_MS = 5_000;
  private static final String ACTIVE = "1.2.0";

  /**
   * Scenario parameters: the envelope, the mix of bad messages, and the seed that expands them into
   * a long message stream.
   */
  record Scenario(
      double min,
      double width,
      double rate,
      double deadband,
      double pNonFinite,
      double pExtreme,
      double pDuplicate,
      double pOutOfOrder,
      double pBurst,
      double pUnhealthy,
      double pBadInput,
      double pOperator,
      long seed) {}

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Double> p = Arbitraries.doubles().between(0.0, 0.3);
    return Combinators.combine(
            Combinators.combine(
                    Arbitraries.doubles().between(-1e4, 1e4),
                    Arbitraries.doubles().between(0.0, 1e3).ofScale(4),
                    Arbitraries.doubles().between(1e-3, 50.0).ofScale(4),
                    Arbitraries.doubles().between(0.0, 2.0).ofScale(4))
                .as((min, width, rate, deadband) -> new double[] {min, width, rate, deadband}),
            Combinators.combine(p, p, p, p, p, p, p, p)
                .as((a, b, c, d, e, f, g, h) -> new double[] {a, b, c, d, e, f, g, h}),
            Arbitraries.longs())
        .as(
            (env, mix, seed) ->
                new Scenario(
                    env[0], env[1], env[2], env[3], mix[0], mix[1], mix[2], mix[3], mix[4], mix[5],
                    mix[6], mix[7], seed));
  }

  @Property(tries = 1000)
  void noWriteLeavesTheLimitsOrExceedsTheRate(@ForAll("scenarios") Scenario s) {
    run(s, 1100);
  }

  @AfterContainer
  static void droveAtLeastAMillionRecommendations() {
    assertThat(RECOMMENDATIONS.get()).isGreaterThanOrEqualTo(1_000_000L);
    // not vacuous: the stream wrote often and hit every guard the generator aims at
    long writes =
        OUTCOMES.entrySet().stream()
            .filter(e -> e.getKey().written())
            .mapToLong(e -> e.getValue().get())
            .sum();
    assertThat(writes).as(OUTCOMES.toString()).isGreaterThan(50_000L);
    assertThat(OUTCOMES)
        .as(OUTCOMES.toString())
        .allSatisfy(
            (reason, count) -> {
              if (reason != WriteReason.WRITE_FAILED
                  && reason != WriteReason.NOT_CONNECTED
                  && reason != WriteReason.AUDIT_UNAVAILABLE
                  && reason != WriteReason.NOT_WRITABLE
                  && reason != WriteReason.OUTPUT_MISSING
                  && reason != WriteReason.ENVELOPE_INVALID) {
                assertThat(count.get()).as(reason.name()).isPositive();
              }
            });
  }

  private static void run(Scenario s, int messages) {
    double min = s.min();
    double max = s.min() + s.width();
    UseCaseConfig useCase = useCase(min, max, s.rate(), s.deadband());
    ClosedLoopPolicy policy =
        new ClosedLoopPolicy(useCase, true, Set.of("kiln.fuel.setpoint"), MAX_AGE_MS, SKEW_MS);
    SplittableRandom r = new SplittableRandom(s.seed());

    long now = 1_700_000_000_000L;
    long seq = 0;
    long epoch = 0;
    double setpoint = min + r.nextDouble() * s.width();
    Deque<long[]> windowTimes = new ArrayDeque<>();
    Deque<Double> windowMoves = new ArrayDeque<>();
    List<Recommendation> sent = new ArrayList<>();
    long admittedEpoch = Long.MIN_VALUE;
    long admittedSeq = Long.MIN_VALUE;
    long admittedTs = Long.MIN_VALUE;

    for (int i = 0; i < messages; i++) {
      if (r.nextDouble() >= s.pBurst()) {
        now += r.nextLong(0, 90_000);
      }
      if (r.nextDouble() < s.pOperator()) {
        // an operator moves the setpoint by hand, sometimes outside the calibrated limits
        setpoint = min - 0.2 * s.width() + r.nextDouble() * 1.4 * s.width();
      }
      if (r.nextDouble() < 0.002) {
        epoch++; // the inference server restarted
        seq = 0;
      }
      Recommendation rec;
      long recEpoch = epoch;
      double kind = r.nextDouble();
      if (!sent.isEmpty() && kind < s.pDuplicate()) {
        rec = sent.get(sent.size() - 1);
      } else if (sent.size() > 2 && kind < s.pDuplicate() + s.pOutOfOrder()) {
        rec = sent.get(r.nextInt(sent.size() - 1));
      } else {
        seq++;
        long ts = now - r.nextLong(0, 2 * MAX_AGE_MS);
        if (r.nextDouble() < 0.02) {
          ts = now + r.nextLong(0, 3 * SKEW_MS);
        }
        double other = r.nextDouble();
        rec =
            recommendation(
                seq,
                ts,
                value(r, s, min, max),
                other < 0.01 ? Autonomy.Advisory : Autonomy.ClosedLoop,
                other > 0.99 ? "9.9.9" : ACTIVE);
        sent.add(rec);
        if (sent.size() > 64) {
          sent.remove(0);
        }
      }
      boolean healthy = r.nextDouble() >= s.pUnhealthy();
      List<SignalView> inputs = inputs(r, s, now);
      OptionalDouble sp =
          r.nextDouble() < 0.01 ? OptionalDouble.empty() : OptionalDouble.of(setpoint);
      var ctx =
          new ClosedLoopPolicy.Context(
              now, healthy, healthy ? "" : "no answer", inputs, Map.of("fuel_setpoint", sp));
      ClosedLoopPolicy.Decision d = policy.evaluate(rec, recEpoch, ctx).get(0);
      RECOMMENDATIONS.incrementAndGet();
      OUTCOMES.get(d.reason()).incrementAndGet();

      boolean admittedNow =
          d.reason() != WriteReason.DUPLICATE
              && d.reason() != WriteReason.OUT_OF_ORDER
              && d.reason() != WriteReason.FROM_THE_FUTURE;
      if (admittedNow) {
        assertThat(
                recEpoch > admittedEpoch || (recEpoch == admittedEpoch && rec.seq() > admittedSeq))
            .as("admitted a message at or before the newest one")
            .isTrue();
        assertThat(rec.timestampMs()).isGreaterThan(admittedTs);
        admittedEpoch = recEpoch;
        admittedSeq = rec.seq();
        admittedTs = rec.timestampMs();
      }
      if (!d.write()) {
        assertThat(d.value()).isNaN();
        continue;
      }
      // the write invariants
      assertThat(admittedNow).isTrue();
      assertThat(healthy).as("wrote while the loop was unhealthy").isTrue();
      assertThat(rec.phase()).isEqualTo(Autonomy.ClosedLoop);
      assertThat(rec.modelVersion()).isEqualTo(ACTIVE);
      assertThat(inputs).allMatch(SignalView::usable);
      assertThat(rec.timestampMs()).isBetween(now - MAX_AGE_MS, now + SKEW_MS);
      assertThat(d.value()).isFinite().isBetween(min, max);
      assertThat(sp).isPresent();
      assertThat(d.base()).isEqualTo(sp.getAsDouble());
      double move = Math.abs(d.value() - d.base());
      assertThat(move).isGreaterThanOrEqualTo(s.deadband());
      double target = Math.max(min, Math.min(max, d.requested()));
      assertThat(d.value()).isBetween(Math.min(d.base(), target), Math.max(d.base(), target));
      while (!windowTimes.isEmpty() && windowTimes.peekFirst()[0] < now - WriteEnvelope.WINDOW_MS) {
        windowTimes.removeFirst();
        windowMoves.removeFirst();
      }
      double used = move;
      for (double m : windowMoves) {
        used += m;
      }
      assertThat(used)
          .as("movement within 60 s")
          .isLessThanOrEqualTo(s.rate() * (1 + 1e-9) + 1e-12);
      windowTimes.addLast(new long[] {now});
      windowMoves.addLast(move);
      policy.committed(d.output(), now, d.base(), d.value());
      setpoint = d.value();
    }
  }

  private static double value(SplittableRandom r, Scenario s, double min, double max) {
    double u = r.nextDouble();
    if (u < s.pNonFinite()) {
      double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
      return bad[r.nextInt(3)];
    }
    if (u < s.pNonFinite() + s.pExtreme()) {
      double[] extreme = {
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        Double.MIN_VALUE,
        -0.0,
        1e300,
        -1e300,
        min,
        max,
        Math.nextDown(min),
        Math.nextUp(max)
      };
      return extreme[r.nextInt(extreme.length)];
    }
    double span = Math.max(max - min, 1e-6);
    return min - 0.5 * span + r.nextDouble() * 2 * span;
  }

  private static List<SignalView> inputs(SplittableRandom r, Scenario s, long now) {
    List<SignalView> views = new ArrayList<>();
    for (UseCaseConfig.Feature f : SampleConfigs.kilnInputs()) {
      boolean bad = r.nextDouble() < s.pBadInput() / 7;
      boolean stale = r.nextDouble() < s.pBadInput() / 7;
      Quality q = bad ? (r.nextBoolean() ? Quality.Bad : Quality.Uncertain) : Quality.Good;
      views.add(new SignalView(f.signal(), 1.0, q, now, now, stale, false));
    }
    return views;
  }

  private static Recommendation recommendation(
      long seq, long ts, double value, Autonomy phase, String modelVersion) {
    return new Recommendation(
        seq,
        "kiln1-energy",
        modelVersion,
        phase,
        ts,
        "snap-" + seq,
        List.of(
            new Recommendation.OutputValue(
                "fuel_setpoint", "kiln.fuel.setpoint", "t/h", value, value, false)),
        List.of());
  }

  private static UseCaseConfig useCase(double min, double max, double rate, double deadband) {
    UseCaseConfig base =
        SampleConfigs.kilnEnergy(
            Autonomy.ClosedLoop,
            SampleConfigs.kilnModel(ACTIVE, "file:///m.onnx", SampleConfigs.FAKE_SHA256),
            null);
    Output o =
        new Output(
            "fuel_setpoint",
            "kiln.fuel.setpoint",
            OutputKind.Setpoint,
            "t/h",
            min,
            max,
            min,
            max,
            0.0,
            rate,
            deadband,
            null,
            true);
    return new UseCaseConfig(
        base.name(),
        base.template(),
        base.phase(),
        base.cadenceSeconds(),
        base.inputs(),
        base.observed(),
        List.of(o),
        base.activeModel(),
        null,
        base.kpis(),
        base.drift());
  }
}
