package io.plantops.connector.opcua;

import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.mapping.SignalTable;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.SignalRefusal;
import io.plantops.contract.units.LinearConversion;
import io.plantops.contract.units.UneceUnits;
import io.plantops.contract.units.UnitCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the unit the server gives each mapped node (its EngineeringUnits property, OPC UA Part 8
 * §5.6.3, resolved by {@code unitId} first, then by display name: {@link UneceUnits#resolve}) with
 * the mapping's unit, whenever a session is established and before anything is subscribed:
 *
 * <ul>
 *   <li>no EngineeringUnits, or a unit the catalogue does not know: the mapping's unit is taken as
 *       it is (logged);
 *   <li>the same unit, or the mapping's scale and offset are exactly the catalogue's conversion
 *       from the server's unit: accepted as mapped;
 *   <li>another unit of the same dimension and no scale or offset: the catalogue converts from the
 *       server's unit ({@link SignalStore#convertRaw});
 *   <li>another dimension ({@link SignalRefusal#UnitMismatch}), or another unit with a scale or
 *       offset that is not the catalogue's conversion ({@link SignalRefusal#UnitAmbiguous}): the
 *       signal is refused ({@link MappedNodes#refuse}), the others keep running.
 * </ul>
 */
public final class ServerUnits implements PlantSession.Part {

  private static final Logger LOG = LoggerFactory.getLogger(ServerUnits.class);

  /** What to do with one signal. */
  public sealed interface Verdict {
    /** Read as mapped. */
    record Accept(String rawUnit, String note) implements Verdict {
      /** Read as mapped, the raw values' unit being the mapping's. */
      public Accept(String note) {
        this(null, note);
      }
    }

    /** Read with this conversion of the server's raw values to the canonical unit. */
    record Convert(LinearConversion rawToCanonical, String rawUnit, String note)
        implements Verdict {}

    /** Refuse the signal. */
    record Refuse(SignalRefusal reason, String why) implements Verdict {}
  }

  private final MappedNodes nodes;
  private final SignalStore store;

  public ServerUnits(MappedNodes nodes, SignalStore store) {
    this.nodes = nodes;
    this.store = store;
  }

  /** Reads the EngineeringUnits of every node still mapped and applies the verdicts. */
  @Override
  public void establish(OpcUaClient client) throws UaException {
    SignalTable table = nodes.table();
    List<Integer> indexes = new ArrayList<>();
    List<NodeId> ids = new ArrayList<>();
    for (SignalTable.Entry e : table.entries()) {
      store.convertRaw(e.index(), null);
      Optional<NodeId> node = nodes.node(e.index());
      if (node.isPresent()) {
        indexes.add(e.index());
        ids.add(node.get());
      }
    }
    if (ids.isEmpty()) {
      return;
    }
    List<Map<String, Object>> properties =
        ServiceCalls.of(client).properties(ids, Set.of("EngineeringUnits"));
    for (int k = 0; k < indexes.size(); k++) {
      int index = indexes.get(k);
      Verdict verdict =
          verdict(table.get(index).mapping(), properties.get(k).get("EngineeringUnits"));
      if (verdict instanceof Verdict.Convert c) {
        store.convertRaw(index, c.rawToCanonical());
        store.rawUnit(index, c.rawUnit());
        LOG.info("{}: {}", table.get(index).mapping().where(), c.note());
      } else if (verdict instanceof Verdict.Refuse r) {
        nodes.refuse(index, r.reason(), r.why());
      } else if (verdict instanceof Verdict.Accept a) {
        if (a.rawUnit() != null) {
          store.rawUnit(index, a.rawUnit());
        }
        if (a.note() != null) {
          LOG.info("{}: {}", table.get(index).mapping().where(), a.note());
        }
      }
    }
  }

  /** The verdict for a mapping whose node has {@code engineeringUnits} (null: none). */
  public static Verdict verdict(SignalMapping m, Object engineeringUnits) {
    if (!(engineeringUnits instanceof EUInformation info)) {
      return new Verdict.Accept(
          "the server gives no EngineeringUnits; the mapping's unit '"
              + m.siteUnit()
              + "' is taken as it is");
    }
    String display = info.getDisplayName() == null ? null : info.getDisplayName().text();
    int unitId = info.getUnitId() == null ? UneceUnits.NO_UNIT_ID : info.getUnitId();
    UneceUnits.Resolution resolution = UneceUnits.resolve(info.getNamespaceUri(), unitId, display);
    if (!resolution.resolved()) {
      return new Verdict.Accept(
          "the server's EngineeringUnits are an "
              + resolution.via()
              + "; the mapping's unit '"
              + m.siteUnit()
              + "' is taken as it is");
    }
    String server = resolution.unit().orElseThrow();
    String says = "the server gives the node's unit as '" + server + "' (" + resolution.via() + ")";
    if (!UnitCatalog.compatible(server, m.siteUnit())) {
      return new Verdict.Refuse(
          SignalRefusal.UnitMismatch,
          says
              + ", a "
              + UnitCatalog.dimension(server)
              + ", and the mapping's unit '"
              + m.siteUnit()
              + "' is a "
              + UnitCatalog.dimension(m.siteUnit())
              + ": they do not convert. Check that the nodeId is the intended tag, then set the"
              + " entry's unit to the server's");
    }
    LinearConversion serverToSite = UnitCatalog.conversion(server, m.siteUnit());
    LinearConversion mapped = new LinearConversion(m.scale(), m.offset());
    if (serverToSite.isIdentity()) {
      return new Verdict.Accept(null);
    }
    if (same(serverToSite, mapped)) {
      // the mapping's scale and offset are the conversion: raw values are in the server's unit
      return new Verdict.Accept(server, null);
    }
    LinearConversion siteToCanonical = UnitCatalog.conversion(m.siteUnit(), m.canonicalUnit());
    if (mapped.isIdentity()) {
      return new Verdict.Convert(
          serverToSite.andThen(siteToCanonical),
          server,
          says
              + " and the mapping's '"
              + m.siteUnit()
              + "': the catalogue converts (x"
              + serverToSite.factor()
              + (serverToSite.offset() == 0 ? "" : " + " + serverToSite.offset())
              + ")");
    }
    return new Verdict.Refuse(
        SignalRefusal.UnitAmbiguous,
        says
            + " and the mapping's unit is '"
            + m.siteUnit()
            + "' with scale "
            + m.scale()
            + " and offset "
            + m.offset()
            + ", which is not the catalogue's conversion from '"
            + server
            + "' (scale "
            + serverToSite.factor()
            + ", offset "
            + serverToSite.offset()
            + "): whether the scale already converts cannot be told. Set the entry's unit to '"
            + server
            + "' and remove scale and offset (the catalogue converts), or keep a scale only for"
            + " a raw register whose server unit is the mapping's");
  }

  private static boolean same(LinearConversion a, LinearConversion b) {
    return Math.abs(a.factor() - b.factor()) <= 1e-9 * Math.abs(a.factor())
        && Math.abs(a.offset() - b.offset()) <= 1e-9 * Math.max(1, Math.abs(a.offset()));
  }
}
