package org.vnfx.mec;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vnfx.crypto.PackageCipher;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.mec.runtime.Folders;
import org.vnfx.mec.runtime.ProcessPackage;
import org.vnfx.store.ArtifactStore;
import org.vnfx.store.Cid;

/** Providers publishing VNF packages as the tests need them: a package per test, encrypted, in the store, advertised and accepted. */
final class TestPublisher {
    static final Requirements ECHO_NEEDS = new Requirements(500, 128, 64);
    static final long PRICE_WEI_PER_SECOND = 1_000_000_000L;

    record Published(OfferTerms terms, byte[] contentKey, Cid cid) {}

    private final TestMarket market;
    private final ArtifactStore cloud;
    private final Path work;

    TestPublisher(TestMarket market, ArtifactStore cloud, Path work) {
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
        Folders.copy(source, dir);
        Files.writeString(dir.resolve("variant.txt"), name + "\n");
        if (faults != null) Files.writeString(dir.resolve("faults.json"), faults);
        return ProcessPackage.build(dir, work.resolve(name + ".csar"));
    }

    /** Encrypts with a fresh key, puts the ciphertext in the store, advertises with the key sealed for the operator, accepts. */
    Published publish(Actor provider, String function, Path packageFile) throws Exception {
        return publish(provider, function, packageFile, ECHO_NEEDS, PRICE_WEI_PER_SECOND);
    }

    Published publish(Actor provider, String function, Path packageFile, Requirements needs, long weiPerSecond) throws Exception {
        byte[] key = PackageCipher.newKey();
        PackagePublisher.Published p = PackagePublisher.publish(provider.market(), cloud, market.operator.encryptionKey(), packageFile,
                function, needs, BigInteger.valueOf(weiPerSecond), key);
        market.operator.market().accept(p.terms().packageDigest());
        return new Published(p.terms(), key, p.cid());
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
