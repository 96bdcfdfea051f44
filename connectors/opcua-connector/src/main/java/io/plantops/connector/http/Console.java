package io.plantops.connector.http;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.plantops.contract.Autonomy;
import io.plantops.contract.Recommendation;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.UseCaseConfig;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The operator console of one plant ({@code GET /console}, and its data as {@code GET
 * /v1/console}): per use case the current advice beside the current setpoint and the difference,
 * with units, the top reasons in words, the model version, stage and the advice's age, stale advice
 * marked; in ClosedLoop what was written and what the safety envelope withheld, and why. Times are
 * in the plant's time zone. The page is rendered on the server from a jte template ({@code
 * src/main/jte/console.jte}, HTML-escaped by jte) and loads nothing from anywhere: a plant network
 * has no internet.
 */
final class Console {

  /** Advice older than this many evaluation cycles of its use case is marked stale. */
  static final int STALE_CYCLES = 3;

  /** The reasons shown per use case, strongest first. */
  static final int TOP_REASONS = 3;

  /** The audit entries the page lists. */
  static final int WRITES_SHOWN = 20;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

  private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm");

  /** The templates compiled at build time, into this package (the jte-maven-plugin's setting). */
  private static final TemplateEngine TEMPLATES =
      TemplateEngine.createPrecompiled(
          null, ContentType.Html, null, Console.class.getPackageName());

  /** The whole page. */
  record Model(
      String plant,
      String displayName,
      String timezone,
      String generatedAt,
      String session,
      boolean configured,
      List<UseCaseCard> useCases,
      List<WriteLine> writes) {}

  /** One use case. {@code advisedAt} and {@code age} are empty while it has given no advice. */
  record UseCaseCard(
      String name,
      String template,
      String stage,
      String modelVersion,
      String advisedAt,
      String age,
      boolean stale,
      List<OutputLine> outputs,
      List<Reason> reasons) {}

  /**
   * One output: advised value, current value of its setpoint, advised minus current; a prediction
   * (not a setpoint) has neither of the last two.
   */
  record OutputLine(
      String name,
      boolean setpoint,
      String unit,
      String advised,
      String current,
      String difference,
      Chart chart) {}

  /**
   * The trend of a setpoint output as SVG paths in a {@link #WIDTH} x {@link #HEIGHT} box: the
   * actual setpoint and the advice, each broken where a value is missing; null when there are fewer
   * than two samples.
   */
  record Chart(
      String actualPath, String advisedPath, String low, String high, String from, String to) {}

  static final int WIDTH = 600;
  static final int HEIGHT = 120;

  /** One contributing signal: its value (with unit) and its contribution. */
  record Reason(String signal, String value, String unit, String contribution) {}

  /** One setpoint write, withheld write or failed write. */
  record WriteLine(
      String at,
      String useCase,
      String output,
      String action,
      String value,
      String unit,
      String reason) {}

  private Console() {}

  /** What the connector shows now. */
  static Model model(ConnectorView connector, Instant now) {
    Optional<ResolvedPlantConfig> config = connector.config();
    String session = String.valueOf(connector.status().session());
    if (config.isEmpty()) {
      return new Model(
          connector.status().plant(),
          "",
          "UTC",
          time(now, ZoneOffset.UTC),
          session,
          false,
          List.of(),
          List.of());
    }
    ResolvedPlantConfig c = config.get();
    ZoneId zone = zone(c.plant().timezone());
    Map<String, Recommendation> advice = connector.liveRecommendations();
    List<UseCaseCard> cards = new ArrayList<>();
    for (UseCaseConfig u : c.useCases()) {
      cards.add(card(u, Optional.ofNullable(advice.get(u.name())), connector, zone, now));
    }
    List<WriteLine> writes = new ArrayList<>();
    for (RecentWrite w : connector.recentWrites()) {
      if (writes.size() == WRITES_SHOWN) {
        break;
      }
      writes.add(
          new WriteLine(
              time(w.at(), zone),
              w.useCase(),
              w.output(),
              w.action(),
              w.value() == null ? "" : number(w.value()),
              nz(w.unit()),
              nz(w.reason())));
    }
    return new Model(
        c.plant().name(),
        nz(c.plant().displayName()),
        zone.getId(),
        time(now, zone),
        session,
        true,
        cards,
        writes);
  }

  /** The page as HTML. */
  static String html(Model model) {
    StringOutput out = new StringOutput();
    TEMPLATES.render("console.jte", model, out);
    return out.toString();
  }

  private static UseCaseCard card(
      UseCaseConfig u,
      Optional<Recommendation> rec,
      ConnectorView connector,
      ZoneId zone,
      Instant now) {
    List<OutputLine> outputs = new ArrayList<>();
    for (UseCaseConfig.Output o : u.outputs()) {
      Optional<Recommendation.OutputValue> v =
          rec.flatMap(r -> r.outputs().stream().filter(x -> x.name().equals(o.name())).findFirst());
      OptionalDouble current =
          o.kind() == UseCaseConfig.OutputKind.Setpoint
              ? connector.currentValue(o.signal())
              : OptionalDouble.empty();
      String diff =
          v.isPresent() && current.isPresent()
              ? signed(v.get().value() - current.getAsDouble())
              : "";
      boolean setpoint = o.kind() == UseCaseConfig.OutputKind.Setpoint;
      outputs.add(
          new OutputLine(
              o.name(),
              setpoint,
              nz(o.unit()),
              v.map(x -> number(x.value())).orElse(""),
              current.isPresent() ? number(current.getAsDouble()) : "",
              diff,
              setpoint ? chart(connector.trend(u.name(), o.name()), zone) : null));
    }
    List<Reason> reasons = new ArrayList<>();
    rec.ifPresent(
        r ->
            r.explanation().stream()
                .sorted(Comparator.comparingDouble(x -> -Math.abs(x.contribution())))
                .limit(TOP_REASONS)
                .forEach(
                    x ->
                        reasons.add(
                            new Reason(
                                x.signal(),
                                number(x.value()),
                                unitOf(u, x.signal()),
                                signed(x.contribution())))));
    String advisedAt = rec.map(r -> time(Instant.ofEpochMilli(r.timestampMs()), zone)).orElse("");
    Duration age =
        rec.map(r -> Duration.between(Instant.ofEpochMilli(r.timestampMs()), now))
            .orElse(Duration.ZERO);
    boolean stale =
        rec.isPresent()
            && age.compareTo(Duration.ofSeconds((long) STALE_CYCLES * u.cadenceSeconds())) > 0;
    return new UseCaseCard(
        u.name(),
        nz(u.template()),
        stage(u.phase()),
        rec.map(Recommendation::modelVersion)
            .orElse(u.activeModel() == null ? "" : u.activeModel().version()),
        advisedAt,
        rec.isPresent() ? age(age) : "",
        stale,
        outputs,
        reasons);
  }

  /** Draws the samples; null below two samples or without any value. */
  static Chart chart(List<Trends.Point> points, ZoneId zone) {
    if (points.size() < 2) {
      return null;
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Trends.Point p : points) {
      for (Double v : new Double[] {p.advised(), p.actual()}) {
        if (v != null && Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (lo > hi) {
      return null;
    }
    if (hi - lo < 1e-9) {
      lo -= 1;
      hi += 1;
    }
    long t0 = points.get(0).atMs();
    long t1 = Math.max(t0 + 1, points.get(points.size() - 1).atMs());
    return new Chart(
        path(points, Trends.Point::actual, t0, t1, lo, hi),
        path(points, Trends.Point::advised, t0, t1, lo, hi),
        number(lo),
        number(hi),
        TIME_OF_DAY.format(Instant.ofEpochMilli(t0).atZone(zone)),
        TIME_OF_DAY.format(Instant.ofEpochMilli(t1).atZone(zone)));
  }

  private static String path(
      List<Trends.Point> points,
      java.util.function.Function<Trends.Point, Double> value,
      long t0,
      long t1,
      double lo,
      double hi) {
    StringBuilder d = new StringBuilder();
    boolean pen = false;
    for (Trends.Point p : points) {
      Double v = value.apply(p);
      if (v == null || !Double.isFinite(v)) {
        pen = false;
        continue;
      }
      double x = (double) (p.atMs() - t0) / (t1 - t0) * WIDTH;
      double y = HEIGHT - (v - lo) / (hi - lo) * HEIGHT;
      d.append(pen ? " L" : (d.length() == 0 ? "M" : " M"))
          .append(String.format(java.util.Locale.ROOT, "%.1f %.1f", x, y));
      pen = true;
    }
    return d.toString();
  }

  private static String stage(Autonomy phase) {
    return phase == null ? "" : phase.name();
  }

  private static String unitOf(UseCaseConfig u, String signal) {
    return u.inputs().stream()
        .filter(f -> f.signal().equals(signal))
        .map(UseCaseConfig.Feature::unit)
        .findFirst()
        .orElse("");
  }

  /** The plant's zone; UTC when the Plant names none or one Java does not know. */
  static ZoneId zone(String timezone) {
    if (timezone == null || timezone.isBlank()) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(timezone);
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  static String time(Instant t, ZoneId zone) {
    return TIME.format(t.atZone(zone));
  }

  /**
   * Read on a control-room screen: one decimal from 100 up (1452.5, 210), 4 significant digits
   * below (12.35, 0.4456); no exponent, no trailing zeros.
   */
  static String number(double v) {
    if (!Double.isFinite(v)) {
      return "";
    }
    BigDecimal d = BigDecimal.valueOf(v);
    d =
        Math.abs(v) >= 100
            ? d.setScale(1, RoundingMode.HALF_UP)
            : d.round(new MathContext(4, RoundingMode.HALF_UP));
    return d.stripTrailingZeros().toPlainString();
  }

  static String signed(double v) {
    String n = number(v);
    return v > 0 ? "+" + n : n;
  }

  static String age(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 120) {
      return s + " s";
    }
    if (s < 2 * 3600) {
      return s / 60 + " min";
    }
    return s / 3600 + " h " + (s % 3600) / 60 + " min";
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
