package org.vnfx.portal.vnfpkgm;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vnfx.crypto.DurableFile;
import org.vnfx.portal.auth.Tokens;

/**
 * VNF package resources kept in a folder, one sub-folder per resource: {@code info.json} (replaced
 * atomically at every change) and, once uploaded, {@code package.zip}. This is the onboarding
 * workspace of the API; the marketplace's record of a package is its offer on chain, which the
 * catalogue indexes. At start, a resource a crash left UPLOADING goes back to CREATED (the client
 * uploads again) and one left PROCESSING is onboarded again (onboarding recognises an offer that
 * already made it to the chain).
 */
public final class FileVnfPackages implements VnfPackages, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileVnfPackages.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String INFO = "info.json";
    static final String CONTENT = "package.zip";

    private final Path root;
    private final Onboarding onboarding;
    private final ExecutorService processing = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vnfpkgm-onboarding");
        t.setDaemon(true);
        return t;
    });

    /** What is kept per resource, beside the package file. */
    record Stored(String id, String owner, long createdMillis, VnfPackage pkg) {}

    public FileVnfPackages(Path root, Onboarding onboarding) throws IOException {
        this.root = Files.createDirectories(root);
        this.onboarding = onboarding;
        recover();
    }

    private void recover() throws IOException {
        for (Stored s : all()) {
            switch (s.pkg().onboardingState()) {
                case UPLOADING -> {
                    Files.deleteIfExists(dir(s.id()).resolve(CONTENT + ".part"));
                    save(new Stored(s.id(), s.owner(), s.createdMillis(), with(s.pkg(), VnfPackage.OnboardingState.CREATED, null, null)));
                }
                case PROCESSING -> processing.execute(() -> process(s.id(), new Tokens.Principal(s.owner(), "provider", null)));
                default -> { }
            }
        }
    }

    @Override
    public synchronized VnfPackage create(Map<String, Object> userDefinedData, Tokens.Principal owner) throws IOException {
        String id = UUID.randomUUID().toString();
        VnfPackage p = new VnfPackage(id, VnfPackage.OnboardingState.CREATED, VnfPackage.OperationalState.DISABLED,
                VnfPackage.UsageState.NOT_IN_USE, userDefinedData, null, null);
        Files.createDirectories(dir(id));
        save(new Stored(id, owner.clientId(), System.currentTimeMillis(), p));
        return p;
    }

    @Override
    public Optional<VnfPackage> get(String id) throws IOException {
        return load(id).map(Stored::pkg);
    }

    @Override
    public List<VnfPackage> list() throws IOException {
        return all().stream().map(Stored::pkg).toList();
    }

    @Override
    public void upload(String id, InputStream content, long maxBytes, Tokens.Principal who) throws IOException, StateConflict {
        Stored s;
        synchronized (this) {
            s = require(id);
            if (s.pkg().onboardingState() != VnfPackage.OnboardingState.CREATED) {
                throw new StateConflict("package " + id + " is " + s.pkg().onboardingState() + "; content can be uploaded only while CREATED");
            }
            save(new Stored(id, s.owner(), s.createdMillis(), with(s.pkg(), VnfPackage.OnboardingState.UPLOADING, null, null)));
        }
        Path part = dir(id).resolve(CONTENT + ".part");
        try {
            long total = 0;
            try (OutputStream out = Files.newOutputStream(part)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = content.read(buf)) > 0; ) {
                    total += n;
                    if (total > maxBytes) throw new IllegalArgumentException("package content is larger than the " + maxBytes + " bytes this repository takes");
                    out.write(buf, 0, n);
                }
            }
            if (total == 0) throw new IllegalArgumentException("package content is empty");
            Files.move(part, dir(id).resolve(CONTENT), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            synchronized (this) {
                Stored now = require(id);
                save(new Stored(id, now.owner(), now.createdMillis(), with(now.pkg(), VnfPackage.OnboardingState.CREATED, null, null)));
            }
            throw e;
        }
        synchronized (this) {
            Stored now = require(id);
            save(new Stored(id, now.owner(), now.createdMillis(), with(now.pkg(), VnfPackage.OnboardingState.PROCESSING, null, null)));
        }
        processing.execute(() -> process(id, who));
    }

    /** PROCESSING → ONBOARDED (ENABLED) or ERROR, with the failure's own words. */
    private void process(String id, Tokens.Principal who) {
        VnfPackage.Content content = null;
        VnfPackage.Failure failure = null;
        try {
            content = onboarding.onboard(dir(id).resolve(CONTENT), require(id).pkg().userDefinedData(), who);
        } catch (Onboarding.Failure f) {
            failure = new VnfPackage.Failure(f.title(), f.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("onboarding package {} failed", id, e);
            failure = new VnfPackage.Failure("Onboarding failed", e.toString());
        }
        try {
            synchronized (this) {
                Stored s = require(id);
                VnfPackage p = failure == null
                        ? new VnfPackage(id, VnfPackage.OnboardingState.ONBOARDED, VnfPackage.OperationalState.ENABLED, s.pkg().usageState(),
                                s.pkg().userDefinedData(), content, null)
                        : with(s.pkg(), VnfPackage.OnboardingState.ERROR, null, failure);
                save(new Stored(id, s.owner(), s.createdMillis(), p));
            }
        } catch (IOException e) {
            LOG.error("cannot record the onboarding result of package {}", id, e);
        }
    }

    @Override
    public synchronized VnfPackage setOperationalState(String id, VnfPackage.OperationalState state, Tokens.Principal who)
            throws IOException, StateConflict {
        Stored s = require(id);
        if (s.pkg().onboardingState() != VnfPackage.OnboardingState.ONBOARDED) {
            throw new StateConflict("package " + id + " is " + s.pkg().onboardingState() + "; only an ONBOARDED package is enabled or disabled");
        }
        if (s.pkg().operationalState() == state) throw new StateConflict("package " + id + " is already " + state);
        VnfPackage p = s.pkg();
        VnfPackage changed = new VnfPackage(id, p.onboardingState(), state, p.usageState(), p.userDefinedData(), p.content(), p.failure());
        save(new Stored(id, s.owner(), s.createdMillis(), changed));
        return changed;
    }

    @Override
    public synchronized VnfPackage mergeUserDefinedData(String id, Map<String, Object> userDefinedData, Tokens.Principal who)
            throws IOException, StateConflict {
        Stored s = require(id);
        Map<String, Object> merged = new LinkedHashMap<>(s.pkg().userDefinedData());
        userDefinedData.forEach((k, v) -> {
            if (v == null) merged.remove(k);
            else merged.put(k, v);
        });
        VnfPackage p = s.pkg();
        VnfPackage changed = new VnfPackage(id, p.onboardingState(), p.operationalState(), p.usageState(), merged, p.content(), p.failure());
        save(new Stored(id, s.owner(), s.createdMillis(), changed));
        return changed;
    }

    @Override
    public synchronized void delete(String id, Tokens.Principal who) throws IOException, StateConflict {
        Stored s = require(id);
        VnfPackage p = s.pkg();
        if (p.onboardingState() == VnfPackage.OnboardingState.UPLOADING || p.onboardingState() == VnfPackage.OnboardingState.PROCESSING) {
            throw new StateConflict("package " + id + " is " + p.onboardingState() + "; wait until it is ONBOARDED or ERROR");
        }
        if (p.operationalState() == VnfPackage.OperationalState.ENABLED) throw new StateConflict("package " + id + " is ENABLED; disable it first");
        if (p.usageState() == VnfPackage.UsageState.IN_USE) throw new StateConflict("package " + id + " is IN_USE");
        Path d = dir(id);
        Files.delete(d.resolve(INFO)); // the resource is gone once its record is; the rest is cleanup
        try (var files = Files.list(d)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
        }
        Files.deleteIfExists(d);
    }

    @Override
    public Path content(String id) throws IOException, StateConflict {
        Stored s = require(id);
        if (s.pkg().onboardingState() != VnfPackage.OnboardingState.ONBOARDED) {
            throw new StateConflict("package " + id + " is " + s.pkg().onboardingState() + ", not ONBOARDED");
        }
        return dir(id).resolve(CONTENT);
    }

    @Override
    public Optional<byte[]> file(String id, String path) throws IOException, StateConflict {
        try (ZipFile zip = new ZipFile(content(id).toFile())) {
            ZipEntry e = zip.getEntry(path);
            if (e == null || e.isDirectory()) return Optional.empty();
            try (InputStream in = zip.getInputStream(e)) {
                return Optional.of(in.readAllBytes());
            }
        }
    }

    private static VnfPackage with(VnfPackage p, VnfPackage.OnboardingState state, VnfPackage.Content content, VnfPackage.Failure failure) {
        return new VnfPackage(p.id(), state, p.operationalState(), p.usageState(), p.userDefinedData(), content == null ? p.content() : content, failure);
    }

    private Path dir(String id) {
        if (!id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) return root.resolve("invalid"); // never a path outside root
        return root.resolve(id);
    }

    private Stored require(String id) throws IOException {
        return load(id).orElseThrow(() -> new NotFound(id));
    }

    private Optional<Stored> load(String id) throws IOException {
        Path info = dir(id).resolve(INFO);
        if (!Files.exists(info)) return Optional.empty();
        return Optional.of(JSON.readValue(info.toFile(), Stored.class));
    }

    private List<Stored> all() throws IOException {
        List<Stored> out = new ArrayList<>();
        try (var dirs = Files.list(root)) {
            for (Path d : dirs.toList()) {
                Path info = d.resolve(INFO);
                if (Files.exists(info)) out.add(JSON.readValue(info.toFile(), Stored.class));
            }
        }
        out.sort(Comparator.comparingLong(Stored::createdMillis).thenComparing(Stored::id));
        return out;
    }

    private void save(Stored s) throws IOException {
        DurableFile.write(dir(s.id()).resolve(INFO), JSON.writeValueAsBytes(s));
    }

    @Override
    public void close() {
        processing.shutdownNow();
    }
}
