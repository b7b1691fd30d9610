package org.vnfx.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.crypto.PackageCipher;
import org.vnfx.ledger.Attestation;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.vnfx.ledger.tx.ContractRevertException;
import org.vnfx.ledger.view.ValueAudit;
import org.vnfx.mec.PackagePublisher;
import org.vnfx.mec.runtime.ProcessPackage;
import org.vnfx.orchestrator.Orchestrator;
import org.vnfx.packages.CsarBuilder;
import org.vnfx.packages.Examples;
import org.vnfx.store.KuboArtifactStore;
import org.vnfx.store.LocalArtifactStore;
import org.vnfx.store.StoreServer;
import org.web3j.utils.Numeric;

/**
 * kill -9 of a validator agent, a process of its own, at random points while offers are advertised and it attests
 * them: after its restart every offer carries exactly one verdict of it (one transaction each, nothing repeated,
 * nothing missed), and the operator accepts the packages that passed.
 */
class ValidatorCrashTest {
    static final BigInteger PRICE = BigInteger.valueOf(1_000_000_000L);
    static final int VALID_PACKAGES = 3;
    static final int KILLS = 2;
    static final int MAX_KILL_DELAY_MILLIS = 400;
    static final Duration VERDICTS_TIMEOUT = Duration.ofSeconds(90);

    static TestMarket market;
    static Path work;
    static Path recordFile;
    static StoreServer store;
    static final List<Process> children = new ArrayList<>();

    @BeforeAll
    static void world() throws Exception {
        market = TestMarket.start();
        work = Files.createTempDirectory("vnfx-validator-crash-");
        recordFile = work.resolve("record.json");
        market.record.write(recordFile);
        store = StoreServer.start(new LocalArtifactStore(work.resolve("cloud")));
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process p : children) kill(p);
        store.close();
        market.close();
    }

    /** The seed of the random kill points: {@code -Dvnfx.faults.seed=N} replays a run's plan. */
    static long faultsSeed() {
        long seed = Long.getLong("vnfx.faults.seed", System.nanoTime());
        System.out.println("faults seed " + seed + " (rerun with -Dvnfx.faults.seed=" + seed + ")");
        return seed;
    }

    static Process spawn(Actor validator, Path state) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), ValidatorChild.class.getName(),
                market.chain.node().rpcUrl().toString(), recordFile.toString(),
                Numeric.toHexStringWithPrefixZeroPadded(validator.account().getEcKeyPair().getPrivateKey(), 64),
                Numeric.toHexStringWithPrefixZeroPadded(validator.encryption().getPrivateKey(), 64), state.toString(), store.uri().toString())
                .redirectErrorStream(true).start();
        children.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("READY")) {
                Thread drain = new Thread(() -> out.lines().forEach(System.out::println));
                drain.setDaemon(true);
                drain.start();
                return p;
            }
        }
        throw new AssertionError("validator child did not start (exit " + p.waitFor() + ")");
    }

    /** kill -9: no shutdown hook, no last checkpoint. */
    static void kill(Process p) throws Exception {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** A valid SOL004 package of its own digest: the IDS exemplar plus one file naming the variant. */
    static Path validPackage(String name) throws Exception {
        Path layer = work.resolve("layers").resolve(name);
        Files.createDirectories(layer.resolve("Files"));
        Files.writeString(layer.resolve("Files/variant.txt"), name + "\n");
        List<Path> layers = new ArrayList<>(Examples.idsLayers());
        layers.add(layer);
        return CsarBuilder.build(layers, work.resolve(name + ".csar")).file();
    }

    static byte[] publish(Actor provider, Path pkg, String function) throws Exception {
        return PackagePublisher.publish(provider.market(), new KuboArtifactStore(store.uri()), market.operator.encryptionKey(), pkg, function,
                new Requirements(1000, 512, 256), PRICE, PackageCipher.newKey()).terms().packageDigest();
    }

    /** Verdicts the validator has sent so far: its transactions since the test began. */
    static int attested(Actor validator, BigInteger nonceBefore) throws Exception {
        return market.nonce(validator.address()).subtract(nonceBefore).intValueExact();
    }

    @Test
    void aValidatorKilledAtRandomPointsAttestsEveryOfferExactlyOnce() throws Exception {
        Random random = new Random(faultsSeed());
        Actor provider = market.actor("provider", Role.PROVIDER);
        Actor validator = market.actor("validator", Role.VALIDATOR);
        Attestation operator = new Attestation(market.chain, market.record, market.operator.account());
        operator.setThreshold(1);
        BigInteger nonceBefore = market.nonce(validator.address());
        Path state = work.resolve("validator");

        List<byte[]> valid = new ArrayList<>();
        byte[] invalid;
        try (Orchestrator orchestrator = new Orchestrator(market.chain, market.record, market.operator.account(), market.operator.encryption(),
                work.resolve("orchestrator"), d -> {}).start()) {
            Process child = spawn(validator, state);
            // The provider advertises while the validator is killed and restarted, each time once it has attested a number
            // of packages drawn at random (in order), plus a random delay: kills land before, between and during verdicts.
            int[] attestedBeforeKill = random.ints(KILLS, 0, VALID_PACKAGES + 1).sorted().toArray();
            int[] jitterMillis = random.ints(KILLS, 0, MAX_KILL_DELAY_MILLIS).toArray();
            AtomicReference<Exception> killerFailed = new AtomicReference<>();
            Thread killer = new Thread(() -> {
                try {
                    Process victim = child;
                    for (int k = 0; k < KILLS; k++) {
                        while (attested(validator, nonceBefore) < attestedBeforeKill[k]) Thread.sleep(10);
                        Thread.sleep(jitterMillis[k]);
                        System.out.println("kill " + (k + 1) + ": kill -9 the validator once it attested " + attestedBeforeKill[k]
                                + " package(s) + " + jitterMillis[k] + " ms (it had attested " + attested(validator, nonceBefore) + ")");
                        kill(victim);
                        victim = spawn(validator, state);
                    }
                } catch (Exception e) {
                    killerFailed.set(e);
                }
            });
            killer.start();
            for (int i = 1; i <= VALID_PACKAGES; i++) valid.add(publish(provider, validPackage("ids-" + i), "ids"));
            invalid = publish(provider, ProcessPackage.build(Examples.root().resolve("examples/echo-vnf"), work.resolve("echo.zip")), "echo");
            killer.join(Duration.ofSeconds(120).toMillis());
            if (killerFailed.get() != null) throw new AssertionError("killing and restarting the validator failed", killerFailed.get());

            List<byte[]> all = new ArrayList<>(valid);
            all.add(invalid);
            long deadline = System.nanoTime() + VERDICTS_TIMEOUT.toNanos();
            for (byte[] digest : all) {
                while (operator.vote(digest, validator.address()) == Attestation.Vote.NONE) {
                    if (System.nanoTime() > deadline) throw new AssertionError("no verdict on 0x" + HexFormat.of().formatHex(digest));
                    Thread.sleep(100);
                }
            }
        }

        for (byte[] digest : valid) {
            assertEquals(Attestation.Vote.PASS, operator.vote(digest, validator.address()));
            assertEquals(1, operator.verdicts(digest, market.record.blockNumber()).size(), "one verdict on chain");
        }
        assertEquals(Attestation.Vote.FAIL, operator.vote(invalid, validator.address()));
        assertEquals(1, operator.verdicts(invalid, market.record.blockNumber()).size());
        assertEquals(BigInteger.valueOf(VALID_PACKAGES + 1), market.nonce(validator.address()).subtract(nonceBefore),
                "one transaction per verdict: none repeated, none sent to be refused");

        for (byte[] digest : valid) {
            market.operator.market().accept(digest);
            assertEquals(Market.OfferStatus.ACCEPTED, Market.OfferStatus.values()[market.operator.market().offer(digest).status.intValueExact()]);
        }
        ContractRevertException blocked = assertThrows(ContractRevertException.class, () -> market.operator.market().accept(invalid));
        assertEquals("NotListed", blocked.error());
        ValueAudit audit = ValueAudit.read(market.chain, market.record).requireConserved();
        assertEquals(audit.in(), audit.heldAndOut());
    }
}
