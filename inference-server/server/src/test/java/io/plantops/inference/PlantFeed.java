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

  /** Advances {@code seconds} at 5 s sampling and returns every sample of every signal. */
  public SignalBatch next(int seconds) {
    List<SignalSample> samples = new ArrayList<>();
    for (int t = 0; t < seconds; t += 5) {
      process.step(5);
      timeMs += 5000;
      for (KilnSignal s : KilnSignal.values()) {
        if (s == KilnSignal.FUEL_SETPOINT) {
          continue;
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
