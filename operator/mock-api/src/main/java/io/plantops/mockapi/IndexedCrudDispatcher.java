package io.plantops.mockapi;

import static io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor.NAME;
import static io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor.NAMESPACE;
import static io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor.PLURAL;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.HttpURLConnection;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Fabric8's {@link KubernetesCrudDispatcher} with an index over its store.
 *
 * <p>The stock dispatcher answers every read, and looks up the current object of every write, by
 * testing each stored object's attribute set against the request's, under one lock: a request costs
 * the whole store. With ten thousand objects that scan, not the client under test, is where the
 * time goes. This subclass keeps the same store (the superclass's map, written by the superclass's
 * handlers) and indexes its keys by plural, namespace and name, so that a lookup tests only the
 * objects of the request's kind (and namespace, and name when it has them).
 *
 * <p>Every answer is the stock dispatcher's: the index only narrows which stored objects are tested
 * with the same {@link AttributeSet#matches} predicate, and candidates are returned in the store's
 * own order (insertion order of the last write). Requests the index cannot narrow (no plural in the
 * path, a wildcard value, watches, collection deletes, empty lists that may be discovery requests)
 * go to the superclass unchanged. {@code IndexedCrudDispatcherTest} replays the same requests
 * against both and compares the answers.
 */
public class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

  private static final String ANY = "*";

  /**
   * Guards the index together with the store: writes hold it exclusively (then take the
   * superclass's own lock inside), indexed reads hold it shared, so a read never sees an object
   * between the superclass's remove and put of the same key.
   */
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  private final KubernetesAttributesExtractor extractor;
  private final KubernetesResponseComposer composer;
  private final AtomicLong lastResourceVersion = new AtomicLong();

  /** Store keys by (plural, namespace or *, name or *). */
  private final Map<BucketKey, Set<AttributeSet>> buckets = new HashMap<>();

  /** Store keys whose plural, namespace or name cannot be indexed; tested on every lookup. */
  private final Set<AttributeSet> unindexed = new LinkedHashSet<>();

  /** The store's order: when each key was last put, as the superclass's LinkedHashMap keeps it. */
  private final Map<AttributeSet, Long> order = new HashMap<>();

  private long writes;

  public IndexedCrudDispatcher() {
    super(List.of());
    this.extractor = (KubernetesAttributesExtractor) attributeExtractor;
    this.composer = (KubernetesResponseComposer) responseComposer;
  }

  // ---- writes: the superclass's handlers, under the index's write lock ----

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    return locked(lock.writeLock(), () -> super.handleCreate(request));
  }

  @Override
  public MockResponse handleUpdate(RecordedRequest request) {
    return locked(lock.writeLock(), () -> super.handleUpdate(request));
  }

  @Override
  public MockResponse handlePatch(RecordedRequest request) {
    return locked(lock.writeLock(), () -> super.handlePatch(request));
  }

  @Override
  public MockResponse handleDelete(String path) {
    return locked(lock.writeLock(), () -> super.handleDelete(path));
  }

  @Override
  public void reset() {
    locked(
        lock.writeLock(),
        () -> {
          super.reset();
          buckets.clear();
          unindexed.clear();
          order.clear();
          return null;
        });
  }

  @Override
  public long requestResourceVersion() {
    long version = super.requestResourceVersion();
    lastResourceVersion.accumulateAndGet(version, Math::max);
    return version;
  }

  /**
   * Called by the superclass's handlers with both locks held: the superclass replaces {@code
   * oldAttributes} by the new object's attributes in its store; the index follows.
   */
  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    // the key the superclass is about to store the new state under, computed the same way
    AttributeSet newKey = null;
    if (newState != null) {
      newKey = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
      if (!newKey.containsKey(PLURAL)) {
        newKey = AttributeSet.merge(pathAttributes, newKey);
      }
    }
    // the superclass removes the old key, then puts the new one: a LinkedHashMap moves a key to
    // the end only when it was absent before the put
    boolean moves = newKey != null && (newKey.equals(oldAttributes) || !map.containsKey(newKey));
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    if (oldAttributes != null && !map.containsKey(oldAttributes)) {
      unindex(oldAttributes);
    }
    if (moves && map.containsKey(newKey)) {
      unindex(newKey);
      index(newKey);
    }
  }

  private void index(AttributeSet key) {
    order.put(key, ++writes);
    String plural = value(key, PLURAL);
    String namespace = value(key, NAMESPACE);
    String name = value(key, NAME);
    if (plural == null
        || ANY.equals(plural)
        || ANY.equals(namespace)
        || ANY.equals(name)
        || multiValued(key)) {
      unindexed.add(key);
      return;
    }
    for (BucketKey bucket : BucketKey.of(plural, namespace, name)) {
      buckets.computeIfAbsent(bucket, b -> new LinkedHashSet<>()).add(key);
    }
  }

  private void unindex(AttributeSet key) {
    if (order.remove(key) == null) {
      return;
    }
    if (unindexed.remove(key)) {
      return;
    }
    for (BucketKey bucket :
        BucketKey.of(value(key, PLURAL), value(key, NAMESPACE), value(key, NAME))) {
      Set<AttributeSet> keys = buckets.get(bucket);
      if (keys != null) {
        keys.remove(key);
        if (keys.isEmpty()) {
          buckets.remove(bucket);
        }
      }
    }
  }

  // ---- reads ----

  /** Called by the superclass's write handlers (both locks held) to find the current object. */
  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    List<AttributeSet> candidates = candidates(query);
    if (candidates == null) {
      return super.findResource(query);
    }
    for (AttributeSet key : candidates) {
      String value = map.get(key);
      if (value != null) {
        return new AbstractMap.SimpleImmutableEntry<>(key, value);
      }
    }
    return null;
  }

  @Override
  public MockResponse handleGet(String path) {
    if (isWatch(path)) {
      return super.handleGet(path);
    }
    return locked(
        lock.readLock(),
        () -> {
          AttributeSet query = extractor.fromPath(path);
          List<AttributeSet> candidates = candidates(query);
          if (candidates == null) {
            return super.handleGet(path);
          }
          List<String> items = new ArrayList<>(candidates.size());
          for (AttributeSet key : candidates) {
            String value = map.get(key);
            if (value != null) {
              items.add(value);
            }
          }
          if (query.containsKey(NAME)) {
            return items.isEmpty()
                ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
                : new MockResponse()
                    .setResponseCode(HttpURLConnection.HTTP_OK)
                    .setBody(items.get(0));
          }
          if (items.isEmpty()) {
            // may be an API discovery request, which the superclass answers from the CRDs
            return super.handleGet(path);
          }
          return new MockResponse()
              .setResponseCode(HttpURLConnection.HTTP_OK)
              .setBody(composer.compose(items, String.valueOf(lastResourceVersion.get())));
        });
  }

  /**
   * The stored keys that match {@code query}, in store order, or null when the index cannot narrow
   * the query (the caller then scans as the superclass does).
   */
  private List<AttributeSet> candidates(AttributeSet query) {
    String plural = indexable(query, PLURAL);
    if (plural == null) {
      return null;
    }
    String namespace = indexable(query, NAMESPACE);
    String name = indexable(query, NAME);
    if (ANY.equals(namespace) || ANY.equals(name)) {
      return null;
    }
    Set<AttributeSet> bucket =
        buckets.getOrDefault(new BucketKey(plural, namespace, name), Set.of());
    List<AttributeSet> matches = new ArrayList<>(bucket.size() + unindexed.size());
    for (AttributeSet key : bucket) {
      if (key.matches(query)) {
        matches.add(key);
      }
    }
    if (!unindexed.isEmpty()) {
      for (AttributeSet key : unindexed) {
        if (key.matches(query)) {
          matches.add(key);
        }
      }
      // a bucket is already in store order (keys are appended as they are put); merged with the
      // unindexed keys, the result is sorted back into it
      matches.sort(Comparator.comparingLong(k -> order.getOrDefault(k, Long.MAX_VALUE)));
    }
    return matches;
  }

  /**
   * The single value of a plain (WITH) attribute of the query, or null when the query does not
   * constrain it that way ("*" is returned as is: the caller gives up on the index).
   */
  private static String indexable(AttributeSet query, String key) {
    Attribute attribute = query.getAttribute(key);
    if (attribute == null) {
      return null;
    }
    if (attribute.getType() != AttributeType.WITH || attribute.getValues().size() != 1) {
      return ANY;
    }
    return Objects.toString(attribute.getValues().get(0), null);
  }

  private static String value(AttributeSet key, String name) {
    Attribute attribute = key.getAttribute(name);
    return attribute == null || attribute.getValues().isEmpty()
        ? null
        : Objects.toString(attribute.getValues().get(0), null);
  }

  private static boolean multiValued(AttributeSet key) {
    for (String name : List.of(PLURAL, NAMESPACE, NAME)) {
      Attribute attribute = key.getAttribute(name);
      if (attribute != null
          && (attribute.getValues().size() != 1 || attribute.getType() != AttributeType.WITH)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWatch(String path) {
    int query = path.indexOf('?');
    return query >= 0 && path.indexOf("watch=true", query) >= 0;
  }

  private static <T> T locked(Lock lock, Supplier<T> task) {
    lock.lock();
    try {
      return task.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * An index bucket: a plural with a namespace or {@code null} (any namespace) and a name or {@code
   * null} (any name).
   */
  private record BucketKey(String plural, String namespace, String name) {

    /** The buckets an object of this plural, namespace and name belongs to. */
    static List<BucketKey> of(String plural, String namespace, String name) {
      List<BucketKey> keys = new ArrayList<>(4);
      keys.add(new BucketKey(plural, null, null));
      if (namespace != null) {
        keys.add(new BucketKey(plural, namespace, null));
      }
      if (name != null) {
        keys.add(new BucketKey(plural, null, name));
        if (namespace != null) {
          keys.add(new BucketKey(plural, namespace, name));
        }
      }
      return keys;
    }
  }

  /** For tests: the superclass's store, unchanged by the index. */
  Map<AttributeSet, String> store() {
    return map;
  }
}
