package io.plantops.process;

/** The measurements and setpoints of the kiln line, by canonical name and canonical unit. */
public enum KilnSignal {
  FEED_RATE("kiln.feed.rate", "t/h"),
  KILN_SPEED("kiln.speed", "rpm"),
  BURNING_ZONE_TEMPERATURE("kiln.burning_zone.temperature", "°C"),
  INLET_O2("kiln.inlet.o2", "%"),
  FUEL_RATE("kiln.fuel.rate", "t/h"),
  FUEL_SETPOINT("kiln.fuel.setpoint", "t/h"),
  PREHEATER_OUTLET_TEMPERATURE("preheater.outlet.temperature", "°C"),
  DRIVE_POWER("kiln.main_drive.power", "kW"),
  CLINKER_RATE("kiln.clinker.rate", "t/h"),
  FREE_LIME_LAB("clinker.free_lime.lab", "%"),
  RAW_MEAL_LSF("raw_meal.lsf", "%");

  private final String canonicalName;
  private final String canonicalUnit;

  KilnSignal(String canonicalName, String canonicalUnit) {
    this.canonicalName = canonicalName;
    this.canonicalUnit = canonicalUnit;
  }

  /** Name in the shared vocabulary, e.g. kiln.feed.rate. */
  public String canonicalName() {
    return canonicalName;
  }

  /** Unit of {@link KilnProcess#value(KilnSignal)} for this signal. */
  public String canonicalUnit() {
    return canonicalUnit;
  }

  /** The signal with this canonical name. */
  public static KilnSignal byCanonicalName(String name) {
    for (KilnSignal s : values()) {
      if (s.canonicalName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no kiln signal named " + name);
  }
}
