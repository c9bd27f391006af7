package io.atlas.inference.model;

import io.atlas.catalog.ReleaseKey;

import io.atlas.events.ModelRelease;
import io.atlas.events.ReleaseStatus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the process's {@link ActiveModels} up to date from model-release records: written by the one thread that
 * reads the releases topic, read by every stream thread through a volatile reference, so a swap takes effect
 * between two records and never inside one.
 *
 * <p>Each record states one version's status. ACTIVE makes that version the live model (the previously live
 * version of the same model stops scoring; a live version of another model stays loaded and takes over again if
 * this one is later shadowed or retired); SHADOW adds it to the side-by-side set; RETIRED removes it. Rolling back
 * is publishing an older version as ACTIVE again. A release that fails {@link ReleaseLoader} is rejected and
 * changes nothing, and so is a record whose version is known here with another digest ({@link #VERSION_REUSED}):
 * a version names one model for good.
 */
public final class ModelRegistry {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    /** The {@code model.rejected} reason of a record whose version is known here with another digest. */
    public static final String VERSION_REUSED = "VERSION_REUSED";

    /** Loaded releases by {@code modelId:version}, in the order they last became ACTIVE or SHADOW. */
    private final Map<String, LoadedRelease> loaded = new LinkedHashMap<>();
    /**
     * The digest of every release seen by {@code modelId:version}, retired and deleted ones too: a version keeps its
     * bytes for good. One entry per release ever made, so it stays small.
     */
    private final Map<String, String> digests = new HashMap<>();
    private final Listener listener;
    private volatile ActiveModels current = ActiveModels.NONE;

    public ModelRegistry(Listener listener) {
        this.listener = listener;
    }

    /** What to score with now. */
    public ActiveModels current() {
        return current;
    }

    /**
     * Takes one release record into account; synchronized because restore and live reads may overlap threads.
     *
     * @return what the record did to the models scoring
     */
    public synchronized Applied apply(ModelRelease release) {
        String key = ReleaseKey.of(release);
        String knownDigest = digests.get(key);
        if (knownDigest != null && !knownDigest.equalsIgnoreCase(release.getDigest())) {
            // Every figure kept per version (hit rates, outcome meters, predictions' modelVersion) would mix two
            // models, and a rollback to this version would mean either: the release is refused.
            log.error("Rejected model release {} ({}): version {} of {} is known here with digest {}, this record "
                            + "states digest {}; a version is never reused with other bytes. Still serving {}", key,
                    VERSION_REUSED, release.getVersion(), release.getModelId(), knownDigest, release.getDigest(),
                    describe(current));
            listener.rejected(VERSION_REUSED);
            return Applied.VERSION_REUSED;
        }
        if (release.getStatus() == ReleaseStatus.RETIRED) {
            digests.putIfAbsent(key, release.getDigest());
            if (loaded.remove(key) != null) {
                log.info("Model {} retired", key);
                publish();
                return Applied.CHANGED;
            }
            return Applied.UNCHANGED;
        }
        LoadedRelease known = loaded.get(key);
        if (known != null && known.status() == release.getStatus() && known.digest().equalsIgnoreCase(
                release.getDigest()) && isLastOfItsStatus(known)) {
            // A replay of what is already in force (restart, restore): nothing to load or swap.
            return Applied.UNCHANGED;
        }
        LoadedRelease candidate;
        try {
            candidate = ReleaseLoader.load(release);
        } catch (RejectedReleaseException e) {
            log.error("Rejected model release {} ({}): {}; still serving {}", key, e.reason(), e.getMessage(),
                    describe(current));
            listener.rejected(e.reason());
            return Applied.REJECTED;
        }
        digests.put(key, candidate.digest());
        if (candidate.status() == ReleaseStatus.ACTIVE) {
            // Only one version of a model is live; other versions of it that were live stop scoring.
            loaded.values().removeIf(other -> other.modelId().equals(candidate.modelId())
                    && other.status() == ReleaseStatus.ACTIVE);
        }
        loaded.remove(key);
        loaded.put(key, candidate);
        ActiveModels before = current;
        publish();
        if (candidate.status() == ReleaseStatus.ACTIVE) {
            log.info("Model swap: now serving {} (was {})", candidate.label(), describe(before));
            listener.swapped(candidate);
        } else {
            log.info("Model {} now scores in shadow", candidate.label());
        }
        return Applied.CHANGED;
    }

    /** Takes a tombstone of the release {@code releaseKey} ({@link ReleaseKey}) into account: it stops scoring. */
    public synchronized void forget(String releaseKey) {
        if (loaded.remove(releaseKey) != null) {
            log.info("Model release {} deleted: it no longer scores", releaseKey);
            publish();
        }
    }

    private boolean isLastOfItsStatus(LoadedRelease release) {
        LoadedRelease last = null;
        for (LoadedRelease other : loaded.values()) {
            if (other.status() == release.status()) {
                last = other;
            }
        }
        return last == release;
    }

    private void publish() {
        LoadedRelease active = null;
        List<LoadedRelease> shadows = new ArrayList<>();
        for (LoadedRelease release : loaded.values()) {
            if (release.status() == ReleaseStatus.ACTIVE) {
                active = release;
            } else {
                shadows.add(release);
            }
        }
        current = new ActiveModels(active, shadows);
        listener.changed(current);
    }

    private static String describe(ActiveModels models) {
        return models.active() == null ? "no model" : models.active().label();
    }

    /** What one release record did. */
    public enum Applied {
        /** The models scoring changed: a release became live or shadow, or stopped scoring. */
        CHANGED,
        /** Nothing to do: a replay of what is in force, or the retirement of a release not loaded. */
        UNCHANGED,
        /** Refused by {@link ReleaseLoader}; nothing changed. */
        REJECTED,
        /** Refused: its version is known here with another digest; nothing changed. */
        VERSION_REUSED
    }

    /** Told of each change, for metrics. */
    public interface Listener {
        void swapped(LoadedRelease nowActive);

        void rejected(String reason);

        void changed(ActiveModels now);

        static Listener ignoring() {
            return new Listener() {
                @Override
                public void swapped(LoadedRelease nowActive) {
                }

                @Override
                public void rejected(String reason) {
                }

                @Override
                public void changed(ActiveModels now) {
                }
            };
        }
    }
}
