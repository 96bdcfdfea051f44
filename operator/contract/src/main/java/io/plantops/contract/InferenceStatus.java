package io.plantops.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code GET /v1/status} of a plant's inference server returns; the operator polls it and
 * writes the figures into SiteDeployment and Plant status.
 *
 * @param plant plant name
 * @param configVersion configVersion of the config being served
 * @param configError why the newest config file was refused (the previous one keeps serving), or
 *     null
 * @param firstDataAtMs first sample received, epoch ms, or null
 * @param useCases per use case
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferenceStatus(
    String plant,
    String configVersion,
    String configError,
    Long firstDataAtMs,
    List<UseCaseStatus> useCases) {

  public InferenceStatus {
    useCases = useCases == null ? List.of() : List.copyOf(useCases);
  }

  /**
   * Status of one use case.
   *
   * @param name SiteDeployment name
   * @param active state of the active model
   * @param candidate state of the candidate, or null
   * @param shadow candidate versus active statistics, or null without a candidate
   * @param drift drift of the inputs against the active model's reference
   * @param kpis KPI figures
   * @param evaluations successful evaluations of the active model
   * @param skipped cycles skipped, by reason
   * @param skipStreak the cycles skipped in a row since the last valid evaluation (or since the use
   *     case started), or null when the latest cycle produced a recommendation
   * @param firstValidInferenceAtMs first successful evaluation, epoch ms, or null
   * @param lastRecommendation the newest recommendation, or null
   * @param heldFraction per input, at the last cycle that aggregated every input: the share of its
   *     window during which the value in force was held, reported by exception and not refreshed
   *     within its sampling interval (0: refreshed all along, 1: held all along). Absent before
   *     such a cycle, and from a server that predates the field
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record UseCaseStatus(
      String name,
      ModelState active,
      ModelState candidate,
      ShadowStats shadow,
      DriftReport drift,
      List<KpiReport> kpis,
      long evaluations,
      Map<SkipReason, Long> skipped,
      SkipStreak skipStreak,
      Long firstValidInferenceAtMs,
      Recommendation lastRecommendation,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> heldFraction) {

    public UseCaseStatus {
      skipped = WireMaps.sortedCounts(skipped, SkipReason::name);
      heldFraction =
          heldFraction == null
              ? Map.of()
              : Collections.unmodifiableMap(new TreeMap<>(heldFraction));
    }

    /** A use case's status without held fractions. */
    public UseCaseStatus(
        String name,
        ModelState active,
        ModelState candidate,
        ShadowStats shadow,
        DriftReport drift,
        List<KpiReport> kpis,
        long evaluations,
        Map<SkipReason, Long> skipped,
        SkipStreak skipStreak,
        Long firstValidInferenceAtMs,
        Recommendation lastRecommendation) {
      this(
          name,
          active,
          candidate,
          shadow,
          drift,
          kpis,
          evaluations,
          skipped,
          skipStreak,
          firstValidInferenceAtMs,
          lastRecommendation,
          Map.of());
    }
  }

  /**
   * Evaluation cycles skipped one after the other, with no valid evaluation between them: the
   * operator tells a use case that produces nothing from one that skipped a cycle now and then.
   *
   * @param cycles how many cycles in a row were skipped
   * @param sinceMs when the first of them ran, epoch ms
   * @param reason why the latest one was skipped
   * @param signal the canonical input the latest skip is about, or null when it is about the model
   *     ({@link SkipReason#ModelNotLoaded}, {@link SkipReason#ModelError})
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SkipStreak(long cycles, long sinceMs, SkipReason reason, String signal) {}

  /**
   * A model slot.
   *
   * @param version version wanted by the config
   * @param sha256 digest of the loaded file
   * @param state whether the wanted version is serving
   * @param reason why the wanted version was refused, or null
   * @param loadedAtMs when it was loaded, epoch ms
   * @param servingVersion the version actually serving (the previous one when the wanted one
   *     failed), or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ModelState(
      String version,
      String sha256,
      ModelLoadState state,
      ModelRefusal reason,
      Long loadedAtMs,
      String servingVersion) {}

  /**
   * Candidate versus active, on the same inputs.
   *
   * @param candidateVersion candidate version
   * @param sinceMs when shadow scoring of this candidate started
   * @param samples evaluations scored by both
   * @param meanAbsDelta mean |candidate - active| of the first output
   * @param maxAbsDelta max |candidate - active| of the first output
   * @param targetSamples evaluations with a measured target value
   * @param meanAbsErrorActive active mean absolute error against the target, or null
   * @param meanAbsErrorCandidate candidate mean absolute error against the target, or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ShadowStats(
      String candidateVersion,
      long sinceMs,
      long samples,
      double meanAbsDelta,
      double maxAbsDelta,
      long targetSamples,
      Double meanAbsErrorActive,
      Double meanAbsErrorCandidate) {}

  /**
   * Drift of all inputs. Before an input has the drift rule's minimum samples its statistics are
   * noise (a PSI of 8 after 3 rows), so they are absent, not numbers: see {@link SignalDrift}. The
   * rule is kept by the constructors, so it holds for every reader of the document.
   *
   * @param status the worst over all inputs
   * @param score largest PSI over the inputs that have their minimum samples, or null while none
   *     has
   * @param worstSignal signal with the worst status (then largest PSI) among the inputs that have
   *     their minimum samples, or null while none has
   * @param signals per input
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DriftReport(
      DriftStatus status, Double score, String worstSignal, List<SignalDrift> signals) {

    /** An Unknown drift has no score and no worst signal, whatever a sender put there. */
    public DriftReport {
      if (status == null || status == DriftStatus.Unknown) {
        score = null;
        worstSignal = null;
      }
    }
  }

  /**
   * Drift of one input.
   *
   * @param signal canonical signal
   * @param psi population stability index, or null (absent from the JSON) while the input has fewer
   *     than the drift rule's minimum samples (its status is then {@link DriftStatus#Unknown})
   * @param meanShift Page-Hinkley statistic in reference standard deviations, or null like {@code
   *     psi}
   * @param status this input's drift
   * @param samples samples seen
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SignalDrift(
      String signal, Double psi, Double meanShift, DriftStatus status, long samples) {

    /**
     * An input whose drift is Unknown has no figures, whatever a sender put there: an inference
     * server built before they were nullable sends its early noise, and a reader must not show it.
     */
    public SignalDrift {
      if (status == null || status == DriftStatus.Unknown) {
        psi = null;
        meanShift = null;
      }
    }
  }

  /**
   * One KPI.
   *
   * @param name KPI name
   * @param unit unit
   * @param baseline baseline value, or null while it is being measured
   * @param baselineSource where the baseline comes from
   * @param current current value over the window, or null
   * @param changePercent (current - baseline) / |baseline| * 100, or null
   * @param assessment the change read in the KPI's direction
   * @param samples evaluations in the window
   * @param baselineFromMs start of the window the baseline was computed over (History, Measured),
   *     epoch ms; null otherwise
   * @param baselineToMs end of that window, epoch ms
   * @param baselineSamples KPI values the baseline is the mean of
   * @param baselineAtMs when the baseline was computed, epoch ms
   * @param baselineNote why the baseline is not from history although the KPI asked for one (the
   *     server keeps no history, the read failed or timed out, the history held no usable sample),
   *     so it is, or will be, measured live; null otherwise and from a server that predates the
   *     field
   * @param baselineExcluded samples of the KPI's inputs the history excluded (History baselines)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record KpiReport(
      String name,
      String unit,
      Double baseline,
      BaselineSource baselineSource,
      Double current,
      Double changePercent,
      KpiAssessment assessment,
      long samples,
      Long baselineFromMs,
      Long baselineToMs,
      Long baselineSamples,
      Long baselineAtMs,
      String baselineNote,
      Long baselineExcluded) {

    /** A report without a count of excluded samples. */
    public KpiReport(
        String name,
        String unit,
        Double baseline,
        BaselineSource baselineSource,
        Double current,
        Double changePercent,
        KpiAssessment assessment,
        long samples,
        Long baselineFromMs,
        Long baselineToMs,
        Long baselineSamples,
        Long baselineAtMs,
        String baselineNote) {
      this(
          name,
          unit,
          baseline,
          baselineSource,
          current,
          changePercent,
          assessment,
          samples,
          baselineFromMs,
          baselineToMs,
          baselineSamples,
          baselineAtMs,
          baselineNote,
          null);
    }

    /** A report without a note on the baseline. */
    public KpiReport(
        String name,
        String unit,
        Double baseline,
        BaselineSource baselineSource,
        Double current,
        Double changePercent,
        KpiAssessment assessment,
        long samples,
        Long baselineFromMs,
        Long baselineToMs,
        Long baselineSamples,
        Long baselineAtMs) {
      this(
          name,
          unit,
          baseline,
          baselineSource,
          current,
          changePercent,
          assessment,
          samples,
          baselineFromMs,
          baselineToMs,
          baselineSamples,
          baselineAtMs,
          null);
    }

    /** A report without the baseline's provenance (a calibrated baseline, or none yet). */
    public KpiReport(
        String name,
        String unit,
        Double baseline,
        BaselineSource baselineSource,
        Double current,
        Double changePercent,
        KpiAssessment assessment,
        long samples) {
      this(
          name,
          unit,
          baseline,
          baselineSource,
          current,
          changePercent,
          assessment,
          samples,
          null,
          null,
          null,
          null);
    }
  }
}
