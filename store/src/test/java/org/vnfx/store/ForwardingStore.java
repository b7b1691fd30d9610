package org.vnfx.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Passes everything to another store; tests override a method to make a flaky or dishonest one. */
class ForwardingStore implements ArtifactStore {
    final ArtifactStore delegate;

    ForwardingStore(ArtifactStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Cid put(Path file) throws IOException {
        return delegate.put(file);
    }

    @Override
    public Cid put(InputStream in) throws IOException {
        return delegate.put(in);
    }

    @Override
    public InputStream open(Cid cid) throws IOException {
        return delegate.open(cid);
    }

    @Override
    public InputStream openRange(Cid cid, long offset, long length) throws IOException {
        return delegate.openRange(cid, offset, length);
    }

    @Override
    public void fetch(Cid cid, Path target, TransferListener listener) throws IOException {
        delegate.fetch(cid, target, listener);
    }

    @Override
    public boolean has(Cid cid) throws IOException {
        return delegate.has(cid);
    }

    @Override
    public long size(Cid cid) throws IOException {
        return delegate.size(cid);
    }

    @Override
    public String describe() {
        return "forwarding to " + delegate.describe();
    }
}
