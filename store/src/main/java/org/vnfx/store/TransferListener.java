package org.vnfx.store;

import java.io.IOException;
import java.time.Duration;

/** Progress of one {@link ArtifactStore#fetch}. Called on the fetching thread: keep it quick. */
@FunctionalInterface
public interface TransferListener {
    TransferListener NONE = (cid, done, total) -> {};

    /**
     * @param done  bytes of the object now in the partial file (a resumed fetch starts above 0)
     * @param total the object's size, or -1 if the store could not tell
     */
    void progress(Cid cid, long done, long total);

    /** An attempt failed and the fetch will try again after {@code delay}, from byte {@code done}. */
    default void retrying(Cid cid, int failedAttempt, long done, IOException cause, Duration delay) {}
}
