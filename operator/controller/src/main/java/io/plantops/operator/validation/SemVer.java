package io.plantops.operator.validation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version ({@code MAJOR.MINOR.PATCH[-PRERELEASE]}, semver.org 2.0.0) with its precedence
 * rules (§11): numeric identifiers compare numerically, a pre-release sorts before its release.
 *
 * @param major major version
 * @param minor minor version
 * @param patch patch version
 * @param preRelease dot-separated pre-release identifiers, empty for a release
 * @param text the version as written
 */
public record SemVer(long major, long minor, long patch, List<String> preRelease, String text)
    implements Comparable<SemVer> {

  private static final Pattern SYNTAX =
      Pattern.compile(
          "^(0|[1-9]\\d{0,17})\\.(0|[1-9]\\d{0,17})\\.(0|[1-9]\\d{0,17})"
              + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$");

  private static final Comparator<SemVer> ORDER =
      Comparator.comparingLong(SemVer::major)
          .thenComparingLong(SemVer::minor)
          .thenComparingLong(SemVer::patch)
          .thenComparing(SemVer::comparePreRelease);

  public SemVer {
    preRelease = List.copyOf(preRelease);
  }

  /** Parses {@code text}, or empty when it is not a semantic version. */
  public static Optional<SemVer> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = SYNTAX.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
    return Optional.of(
        new SemVer(
            Long.parseLong(m.group(1)),
            Long.parseLong(m.group(2)),
            Long.parseLong(m.group(3)),
            pre,
            text));
  }

  /** True for a release (no pre-release part). */
  public boolean isRelease() {
    return preRelease.isEmpty();
  }

  @Override
  public int compareTo(SemVer other) {
    return ORDER.compare(this, other);
  }

  private static int comparePreRelease(SemVer a, SemVer b) {
    if (a.preRelease.isEmpty() || b.preRelease.isEmpty()) {
      // a release has higher precedence than any of its pre-releases (§11.3)
      return Boolean.compare(a.preRelease.isEmpty(), b.preRelease.isEmpty());
    }
    List<String> x = new ArrayList<>(a.preRelease);
    List<String> y = new ArrayList<>(b.preRelease);
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      int c = compareIdentifier(x.get(i), y.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.size(), y.size());
  }

  private static int compareIdentifier(String a, String b) {
    boolean an = a.chars().allMatch(Character::isDigit);
    boolean bn = b.chars().allMatch(Character::isDigit);
    if (an && bn) {
      return new BigInteger(a).compareTo(new BigInteger(b));
    }
    if (an != bn) {
      // numeric identifiers have lower precedence than alphanumeric ones (§11.4.3)
      return an ? -1 : 1;
    }
    return a.compareTo(b);
  }

  @Override
  public String toString() {
    return text;
  }
}
