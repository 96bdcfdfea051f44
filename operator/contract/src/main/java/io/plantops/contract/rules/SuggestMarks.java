package io.plantops.contract.rules;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How {@code suggest} marks the TagMapping entries it wrote, so that the operator can count the
 * mapping effort of a plant: entries taken unchanged, entries edited after the suggestion, and
 * entries added by hand.
 *
 * <p>The mark is one annotation on the TagMapping, {@value #ANNOTATION}, holding for each signal
 * suggest mapped a short digest of what it wrote ({@code signal=digest} pairs separated by commas,
 * sorted by signal). An annotation, not a field of each entry: a GitOps edit of an entry keeps the
 * annotation as it was, so the entry's digest then differs from the mark (edited); an entry added
 * by hand has no mark (manual), even when it is copied from a suggested one; and no CRD schema
 * change is needed for a mark only tools read. Both sides compute the digest here.
 */
public final class SuggestMarks {

  /** The annotation suggest writes on the TagMapping draft. */
  public static final String ANNOTATION = "plantops.io/suggested";

  /** Hex digits of an entry digest: 48 bits, plenty to tell an edit of one entry. */
  private static final int DIGEST_BYTES = 6;

  private SuggestMarks() {}

  /** Where an entry of a TagMapping comes from, read against the marks of {@code suggest}. */
  public enum Origin {
    /** As suggest wrote it. */
    Suggested,
    /** Suggest wrote the signal, then someone changed its mapping. */
    Edited,
    /** Suggest did not write the signal. */
    Manual;

    /** The name used as a metric label value. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The fields of an entry that decide what the plant reads: a change of any of them is an edit.
   * The description is not among them (a comment, not a mapping). Defaults are applied, so an entry
   * that spells out a default reads the same as one that leaves it out.
   *
   * @param signal canonical signal
   * @param nodeId NodeId as written, or null for a substitute
   * @param unit site unit
   * @param scale multiplier, null for 1
   * @param offset offset, null for 0
   * @param samplingIntervalMs sampling interval, null for 1000
   * @param access Read or ReadWrite, null for Read
   * @param maxAge maximum age, or null
   * @param substitute the substitute's text (constant or expression), or null
   */
  public record Entry(
      String signal,
      String nodeId,
      String unit,
      Double scale,
      Double offset,
      Integer samplingIntervalMs,
      String access,
      String maxAge,
      String substitute) {

    public Entry {
      scale = scale == null ? 1.0 : scale;
      offset = offset == null ? 0.0 : offset;
      samplingIntervalMs = samplingIntervalMs == null ? 1000 : samplingIntervalMs;
      access = access == null ? "Read" : access;
    }

    /** The digest recorded in the mark. */
    public String digest() {
      String canonical =
          String.join(
              "\n",
              signal,
              Objects.toString(nodeId, ""),
              Objects.toString(unit, ""),
              Double.toString(scale),
              Double.toString(offset),
              Integer.toString(samplingIntervalMs),
              access,
              Objects.toString(maxAge, ""),
              Objects.toString(substitute, ""));
      return Digests.shortSha256Hex(canonical, DIGEST_BYTES);
    }
  }

  /** The annotation value for the entries suggest writes. */
  public static String write(Iterable<Entry> entries) {
    Map<String, String> marks = new TreeMap<>();
    entries.forEach(e -> marks.put(e.signal(), e.digest()));
    StringBuilder out = new StringBuilder();
    marks.forEach(
        (signal, digest) ->
            out.append(out.length() == 0 ? "" : ",").append(signal).append('=').append(digest));
    return out.toString();
  }

  /**
   * The marks in an annotation value, by signal. Pairs that do not read as {@code signal=digest}
   * are ignored: a hand-mangled annotation makes entries count as manual, never fails a reconcile.
   */
  public static Map<String, String> read(Optional<String> annotation) {
    Map<String, String> marks = new TreeMap<>();
    annotation.ifPresent(
        text -> {
          for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && eq < pair.length() - 1) {
              marks.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
          }
        });
    return marks;
  }

  /** Where {@code entry} comes from, given the marks read from its TagMapping. */
  public static Origin origin(Entry entry, Map<String, String> marks) {
    String mark = marks.get(entry.signal());
    if (mark == null) {
      return Origin.Manual;
    }
    return mark.equals(entry.digest()) ? Origin.Suggested : Origin.Edited;
  }
}
