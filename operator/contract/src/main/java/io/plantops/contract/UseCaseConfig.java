package io.plantops.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * One SiteDeployment at the plant, resolved against its template and calibration.
 *
 * @param name SiteDeployment name, also the model name on the Open Inference Protocol API
 * @param template UseCaseTemplate name
 * @param phase the live autonomy (never the desired one): the connector writes only in ClosedLoop
 * @param cadenceSeconds evaluation period
 * @param inputs model features in input-tensor column order
 * @param observed signals read for KPIs and measured targets, not fed to the model
 * @param outputs model outputs in output-tensor column order, with the effective envelope
 * @param activeModel the model whose outputs leave as recommendations
 * @param candidateModel a model scored in shadow only, or null
 * @param kpis KPI definitions with the plant's baseline when calibrated
 * @param drift drift thresholds
 * @param guidance guidance tags showing the advice of its outputs on the HMI (absent from the JSON
 *     when empty)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UseCaseConfig(
    String name,
    String template,
    Autonomy phase,
    int cadenceSeconds,
    List<Feature> inputs,
    List<Feature> observed,
    List<Output> outputs,
    Model activeModel,
    Model candidateModel,
    List<KpiDefinition> kpis,
    Drift drift,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Guidance> guidance) {

  public UseCaseConfig {
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
    observed = observed == null ? List.of() : List.copyOf(observed);
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
    kpis = kpis == null ? List.of() : List.copyOf(kpis);
    guidance = guidance == null ? List.of() : List.copyOf(guidance);
  }

  /** A use case without guidance tags. */
  public UseCaseConfig(
      String name,
      String template,
      Autonomy phase,
      int cadenceSeconds,
      List<Feature> inputs,
      List<Feature> observed,
      List<Output> outputs,
      Model activeModel,
      Model candidateModel,
      List<KpiDefinition> kpis,
      Drift drift) {
    this(
        name,
        template,
        phase,
        cadenceSeconds,
        inputs,
        observed,
        outputs,
        activeModel,
        candidateModel,
        kpis,
        drift,
        List.of());
  }

  /** The same use case with other guidance tags. */
  public UseCaseConfig withGuidance(List<Guidance> tags) {
    return new UseCaseConfig(
        name,
        template,
        phase,
        cadenceSeconds,
        inputs,
        observed,
        outputs,
        activeModel,
        candidateModel,
        kpis,
        drift,
        tags);
  }

  /** The candidate model, if one is scored in shadow. */
  public Optional<Model> candidate() {
    return Optional.ofNullable(candidateModel);
  }

  /**
   * One input or observed signal.
   *
   * @param signal canonical name
   * @param unit canonical unit
   * @param aggregation how the window becomes one value
   * @param windowSeconds window length
   * @param validMin lowest plausible value (null: unbounded)
   * @param validMax highest plausible value (null: unbounded)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Feature(
      String signal,
      String unit,
      Aggregation aggregation,
      int windowSeconds,
      Double validMin,
      Double validMax) {}

  /**
   * One model output and its envelope.
   *
   * @param name output name (calibration key)
   * @param signal canonical target signal
   * @param kind Setpoint or Prediction
   * @param unit output unit
   * @param templateMin template hard lower limit
   * @param templateMax template hard upper limit
   * @param min effective lower limit: calibrated, inside the template's
   * @param max effective upper limit: calibrated, inside the template's
   * @param bias added to the model output before clamping
   * @param maxRatePerMinute largest written change per minute (setpoints)
   * @param deadband smallest change worth writing
   * @param measuredSignal canonical signal measuring the truth, or null
   * @param write true only when kind is Setpoint, the live phase is ClosedLoop, the signal is
   *     mapped ReadWrite and plant writes are enabled
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Output(
      String name,
      String signal,
      OutputKind kind,
      String unit,
      Double templateMin,
      Double templateMax,
      Double min,
      Double max,
      double bias,
      Double maxRatePerMinute,
      double deadband,
      String measuredSignal,
      boolean write) {}

  /**
   * Guidance tags of one output: where the HMI shows its advice. The connector writes them in
   * Advisory and ClosedLoop only, at most once per {@code minIntervalMs}, and withholds them like a
   * setpoint when the message or an input is stale or bad; {@code raw = (convert(advice, output
   * unit -> siteUnit) - offset) / scale}.
   *
   * @param output output name
   * @param signal the output's canonical target signal
   * @param valueNodeId NodeId of the advised value
   * @param siteUnit unit of {@code raw * scale + offset} at the value tag
   * @param scale raw multiplier
   * @param offset added after scaling
   * @param textNodeId NodeId of the reasons text, or null
   * @param heartbeatNodeId NodeId of the advice time, or null
   * @param minIntervalMs the shortest time between two guidance writes of this output
   * @param tagMapping name of the TagMapping that declares them, for messages
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Guidance(
      String output,
      String signal,
      String valueNodeId,
      String siteUnit,
      double scale,
      double offset,
      String textNodeId,
      String heartbeatNodeId,
      long minIntervalMs,
      String tagMapping) {}

  /** Setpoint or Prediction. */
  public enum OutputKind {
    Setpoint,
    Prediction
  }

  /**
   * A model version to load.
   *
   * @param version semantic version
   * @param uri file://, http(s):// or a path inside a mounted ConfigMap
   * @param sha256 expected digest, verified before a session is created
   * @param inputTensor name of the [N, inputs] float input
   * @param outputTensor name of the [N, outputs] float output
   * @param reference training-data statistics per input, for drift
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Model(
      String version,
      String uri,
      String sha256,
      String inputTensor,
      String outputTensor,
      List<Reference> reference) {

    public Model {
      reference = reference == null ? List.of() : List.copyOf(reference);
    }
  }

  /**
   * Reference distribution of one input.
   *
   * @param signal canonical name
   * @param mean training mean
   * @param stddev training standard deviation
   * @param binEdges ascending inner edges
   * @param binFractions edges.size() + 1 fractions summing to 1
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Reference(
      String signal,
      double mean,
      double stddev,
      List<Double> binEdges,
      List<Double> binFractions) {}

  /**
   * A KPI.
   *
   * @param name KPI name
   * @param expression CEL over canonical signal names
   * @param unit KPI unit
   * @param lowerIsBetter direction
   * @param windowMinutes rolling window of the current value
   * @param baseline plant baseline from calibration, or null to measure it
   * @param baselineWindowHours how long to measure the baseline when not calibrated
   * @param kept a baseline set earlier from history or measured live, kept in the SiteDeployment's
   *     status and handed back so that a restarted inference server neither loses nor re-measures
   *     it; null when there is none (absent from the JSON). A calibrated baseline still wins
   * @param renewAfterMs the plant asked for a new baseline at this time, epoch ms: a baseline set
   *     before it is not kept, and the connector reads history for the KPI whatever the phase; null
   *     without such a request (absent from the JSON)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record KpiDefinition(
      String name,
      String expression,
      String unit,
      boolean lowerIsBetter,
      int windowMinutes,
      Double baseline,
      int baselineWindowHours,
      KeptBaseline kept,
      Long renewAfterMs) {

    /** A KPI without a request for a new baseline. */
    public KpiDefinition(
        String name,
        String expression,
        String unit,
        boolean lowerIsBetter,
        int windowMinutes,
        Double baseline,
        int baselineWindowHours,
        KeptBaseline kept) {
      this(
          name,
          expression,
          unit,
          lowerIsBetter,
          windowMinutes,
          baseline,
          baselineWindowHours,
          kept,
          null);
    }

    /** A KPI without a kept baseline. */
    public KpiDefinition(
        String name,
        String expression,
        String unit,
        boolean lowerIsBetter,
        int windowMinutes,
        Double baseline,
        int baselineWindowHours) {
      this(
          name,
          expression,
          unit,
          lowerIsBetter,
          windowMinutes,
          baseline,
          baselineWindowHours,
          null);
    }

    /** The same KPI with another kept baseline (or none). */
    public KpiDefinition withKept(KeptBaseline baseline) {
      return new KpiDefinition(
          name,
          expression,
          unit,
          lowerIsBetter,
          windowMinutes,
          this.baseline,
          baselineWindowHours,
          baseline,
          renewAfterMs);
    }
  }

  /**
   * A baseline that was set from history or measured live, with where it comes from.
   *
   * @param value the baseline, in the KPI's unit
   * @param source History or Measured (a calibrated baseline is {@link KpiDefinition#baseline()})
   * @param fromMs start of the window it was computed over, epoch ms
   * @param toMs end of that window, epoch ms
   * @param samples KPI values it is the mean of
   * @param atMs when it was computed, epoch ms
   * @param excluded samples of the KPI's inputs the history excluded, or null (measured live)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record KeptBaseline(
      double value,
      BaselineSource source,
      long fromMs,
      long toMs,
      long samples,
      long atMs,
      Long excluded) {

    /** A kept baseline without a count of excluded samples. */
    public KeptBaseline(
        double value, BaselineSource source, long fromMs, long toMs, long samples, long atMs) {
      this(value, source, fromMs, toMs, samples, atMs, null);
    }
  }

  /**
   * Drift thresholds (PSI, and Page-Hinkley in reference standard deviations).
   *
   * @param psiWarn PSI for Warn
   * @param psiAlert PSI for Alert
   * @param meanShiftWarn Page-Hinkley statistic for Warn
   * @param meanShiftAlert Page-Hinkley statistic for Alert
   * @param meanShiftTolerance Page-Hinkley delta
   * @param minSamples samples before any status but Unknown
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Drift(
      double psiWarn,
      double psiAlert,
      double meanShiftWarn,
      double meanShiftAlert,
      double meanShiftTolerance,
      int minSamples) {}
}
