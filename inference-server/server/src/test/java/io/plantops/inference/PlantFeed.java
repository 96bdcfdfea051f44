package io.plantops.inference;

import io.plantops.contract.Quality;
import io.plantops.contract.SignalBatch;
import io.plantops.contract.SignalSample;
import io.plantops.process.KilnProcess;
import io.plantops.process.KilnSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Canonical samples of the kiln process model, as the connector would send them. */
public final class PlantFeed {

  private final KilnProcess process;
  private final java.util.Map<KilnSignal, Double> lastLab =
      new java.util.EnumMap<>(KilnSignal.class);
  private long timeMs;

  public PlantFeed(long seed, long startMs) {
    this.process = new KilnProcess(seed, KilnProcess.Parameters.defaults());
    this.timeMs = startMs;
    // settle the process before anyone looks
    process.step(3600);
  }

  public KilnProcess process() {
    return process;
  }

  /** Advances {@code seconds} at 5 s sampling: process values every 5 s, lab values on change. */
  public SignalBatch next(int seconds) {
    List<SignalSample> samples = new ArrayList<>();
    for (int t = 0; t < seconds; t += 5) {
      process.step(5);
      timeMs += 5000;
      for (KilnSignal s : KilnSignal.values()) {
        if (s == KilnSignal.FUEL_SETPOINT) {
          continue;
        }
        if (s == KilnSignal.FREE_LIME_LAB || s == KilnSignal.RAW_MEAL_LSF) {
          // lab analyses reach OPC UA as data changes: once per analysis, at its time
          Double last = lastLab.put(s, process.value(s));
          if (last != null && last == process.value(s)) {
            continue;
          }
        }
        samples.add(new SignalSample(s.canonicalName(), timeMs, process.value(s), Quality.Good));
      }
    }
    return new SignalBatch("lyon", UUID.randomUUID().toString(), false, samples);
  }

  public long timeMs() {
    return timeMs;
  }
}
