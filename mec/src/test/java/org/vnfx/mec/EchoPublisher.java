package org.vnfx.mec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vnfx.crypto.Ecies;
import org.vnfx.crypto.PackageCipher;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.EnvelopeContext;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.mec.runtime.ProcessPackage;
import org.vnfx.store.ArtifactStore;
import org.vnfx.store.Cid;

/** Providers publishing the echo VNF as the tests need it: a package per test, encrypted, in the store, advertised and accepted. */
final class EchoPublisher {
    static final Requirements ECHO_NEEDS = new Requirements(500, 128, 64);
    static final long PRICE_WEI_PER_SECOND = 1_000_000_000L;

    record Published(OfferTerms terms, byte[] contentKey, Cid cid) {}

    private final TestMarket market;
    private final ArtifactStore cloud;
    private final Path work;

    EchoPublisher(TestMarket market, ArtifactStore cloud, Path work) {
        this.market = market;
        this.cloud = cloud;
        this.work = work;
    }

    /**
     * The echo package with a variant file: a package digest is an offer's identity and can be advertised
     * once, so every test publishes its own variant. {@code faults} (JSON) makes a degraded variant.
     */
    Path variant(String name, String faults) throws IOException {
        Path dir = work.resolve("variants").resolve(name);
        Path source = repo().resolve("examples/echo-vnf");
        try (var files = Files.walk(source)) {
            for (Path f : files.toList()) {
                Path target = dir.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target);
            }
        }
        Files.writeString(dir.resolve("variant.txt"), name + "\n");
        if (faults != null) Files.writeString(dir.resolve("faults.json"), faults);
        return ProcessPackage.build(dir, work.resolve(name + ".csar"));
    }

    /** Encrypts with a fresh key, puts the ciphertext in the store, advertises with the key sealed for the operator, accepts. */
    Published publish(Actor provider, String function, Path packageFile) throws Exception {
        byte[] key = PackageCipher.newKey();
        Path ciphertext = Files.createTempFile(work, "pkg", ".enc");
        PackageCipher.Sealed sealed;
        try (InputStream in = Files.newInputStream(packageFile); OutputStream out = Files.newOutputStream(ciphertext)) {
            sealed = PackageCipher.encrypt(in, out, key);
        }
        Cid cid = cloud.put(ciphertext);
        byte[] digest = sealed.plaintextSha256();
        OfferTerms t = new OfferTerms(digest, cid.codec(), cid.digest(), function, ECHO_NEEDS, BigInteger.valueOf(PRICE_WEI_PER_SECOND),
                Ecies.seal(market.operator.encryptionKey(), key, EnvelopeContext.offer(digest)));
        provider.market().advertise(t);
        market.operator.market().accept(digest);
        return new Published(t, key, cid);
    }

    Published publish(Actor provider, String function) throws Exception {
        return publish(provider, function, variant(function, null));
    }

    static Path repo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("examples/echo-vnf"))) return p;
        }
        throw new IllegalStateException("examples/echo-vnf not found above " + Path.of("").toAbsolutePath());
    }
}
