package org.vnfx.store;

import java.io.IOException;

/** The store does not hold the CID asked for. */
public final class ArtifactNotFoundException extends IOException {
    private final Cid cid;

    public ArtifactNotFoundException(Cid cid, String where) {
        super("no artifact " + cid + " in " + where);
        this.cid = cid;
    }

    public ArtifactNotFoundException(Cid cid, String where, String detail) {
        super("no artifact " + cid + " in " + where + ": " + detail);
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
