package org.vnfx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.vnfx.crypto.Keystore;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.node.AnvilNode;
import org.vnfx.ledger.node.ChainNode;

/**
 * The chain commands against one embedded node that `vnfx node start` keeps up (in a thread of this JVM),
 * so every command attaches to it, as a user's second terminal would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChainCommandsTest {
    static Path dir;
    static Cli cli;
    static Thread nodeThread;
    static final AtomicReference<Cli.Run> nodeRun = new AtomicReference<>();
    static URI rpcUrl;
    static Path pw;
    static Path wrongPw;
    static Keystore keystore;

    @BeforeAll
    static void startNode() throws Exception {
        dir = Files.createTempDirectory("vnfx-cli-test-");
        cli = new Cli(dir.resolve("data"));
        keystore = new Keystore(cli.dataDir.resolve("keystore"));
        nodeThread = new Thread(() -> nodeRun.set(cli.run("node", "start")), "vnfx-node-start");
        nodeThread.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (AnvilNode.running(cli.dataDir).isEmpty()) {
            if (!nodeThread.isAlive()) throw new AssertionError("node start ended: " + nodeRun.get());
            if (System.nanoTime() > deadline) throw new AssertionError("node start did not publish node.json");
            Thread.sleep(50);
        }
        rpcUrl = AnvilNode.running(cli.dataDir).orElseThrow().rpcUrl();
        pw = cli.passwordFile("good", "s3cret");
        wrongPw = cli.passwordFile("wrong", "not-it");
        for (String k : List.of("op", "alice", "bob", "carol")) cli.key(k, pw);
    }

    @AfterAll
    static void stopNode() throws Exception {
        try {
            if (nodeThread != null && nodeThread.isAlive()) {
                Cli.Run stop = cli.run("node", "stop").ok();
                assertTrue(stop.out().contains("stopped the embedded node"), stop.out());
                nodeThread.join(30_000);
                Cli.Run started = nodeRun.get();
                assertEquals(0, started.exitCode(), started.err());
                assertTrue(started.out().contains("Ctrl-C to stop") && started.out().contains(rpcUrl.toString()), started.out());
                assertTrue(AnvilNode.running(cli.dataDir).isEmpty());
                assertTrue(cli.run("node", "status").ok().out().contains("no embedded node runs"));
            }
        } finally {
            deleteTree(dir);
        }
    }

    static long block() throws Exception {
        try (Chain c = Chain.connect(ChainNode.remote(rpcUrl, false))) {
            return c.blockNumber();
        }
    }

    @Test
    @Order(1)
    void nodeStatusShowsTheRunningNode() {
        Cli.Run r = cli.run("node", "status").ok();
        assertTrue(r.out().contains(rpcUrl.toString()) && r.out().contains("chain id   31337"), r.out());
        assertTrue(cli.run("node", "start").fails(1).contains("already runs"));
    }

    @Test
    @Order(2)
    void commandsBeforeDeploymentSayWhatToDo() throws Exception {
        Cli.Run status = cli.run("status").ok();
        assertTrue(status.out().contains("none deployed"), status.out());
        assertTrue(status.out().contains("embedded node of `vnfx node start`"), status.out());
        String line = cli.run("identity", "register", "--key", "alice", "--role", "provider", "--password-file", pw.toString()).fails(1);
        assertTrue(line.contains("run `vnfx deploy --key OPERATOR` first"), line);
    }

    @Test
    @Order(3)
    void deployIsIdempotent() throws Exception {
        Cli.Run first = cli.run("deploy", "--key", "op", "--password-file", pw.toString()).ok();
        assertTrue(first.out().contains("deployed a new vnfx suite"), first.out());
        long after = block();
        Cli.Run second = cli.run("deploy", "--key", "op", "--password-file", pw.toString()).ok();
        assertTrue(second.out().contains("found an existing live vnfx suite"), second.out());
        assertEquals(after, block(), "the second deploy sent transactions");
        // Same addresses in both outputs.
        String identities = first.out().lines().filter(l -> l.strip().startsWith("Identities")).findFirst().orElseThrow();
        assertTrue(second.out().contains(identities), second.out());
    }

    @Test
    @Order(4)
    void registerApproveThenStatusListsTheIdentityAsApproved() throws Exception {
        String alice = keystore.entry("alice").address();
        Cli.Run reg = cli.run("identity", "register", "--key", "alice", "--role", "provider", "--password-file", pw.toString()).ok();
        assertTrue(reg.out().contains("as provider: pending"), reg.out());
        assertTrue(statusLine(alice).contains("pending"), statusLine(alice));

        Cli.Run ok = cli.run("identity", "approve", "--key", "op", "--password-file", pw.toString(), "alice").ok();
        assertTrue(ok.out().contains("approved " + alice + " as provider"), ok.out());
        String line = statusLine(alice);
        assertTrue(line.contains("provider") && line.contains("approved"), line);

        Cli.Run show = cli.run("identity", "show", "alice").ok();
        assertTrue(show.out().contains("status          approved") && show.out().contains(keystore.entry("alice").encryptionKey().hex()), show.out());

        // A customer is approved at once; bob stays pending for the error cases below.
        cli.run("identity", "register", "--key", "carol", "--role", "customer", "--password-file", pw.toString()).ok();
        assertTrue(statusLine(keystore.entry("carol").address()).contains("approved"));
        cli.run("identity", "register", "--key", "bob", "--role", "mec", "--password-file", pw.toString()).ok();
    }

    @Test
    @Order(5)
    void badInputsChangeNothingAndSayWhy() throws Exception {
        long before = block();
        String unknownRole = cli.run("identity", "register", "--key", "carol", "--role", "boss", "--password-file", pw.toString()).fails(1);
        assertTrue(unknownRole.contains("unknown role 'boss'"), unknownRole);

        String wrongPassword = cli.run("identity", "approve", "--key", "op", "--password-file", wrongPw.toString(), "bob").fails(1);
        assertTrue(wrongPassword.contains("wrong password"), wrongPassword);

        String unknownKey = cli.run("identity", "register", "--key", "nobody", "--role", "mec", "--password-file", pw.toString()).fails(1);
        assertTrue(unknownKey.contains("no identity 'nobody'"), unknownKey);

        String unknownTarget = cli.run("identity", "approve", "--key", "op", "--password-file", pw.toString(), "nobody").fails(1);
        assertTrue(unknownTarget.contains("no identity 'nobody'"), unknownTarget);

        String notPending = cli.run("identity", "approve", "--key", "op", "--password-file", pw.toString(), "alice").fails(1);
        assertTrue(notPending.contains("is not pending approval (provider, approved)"), notPending);

        String again = cli.run("identity", "register", "--key", "alice", "--role", "mec", "--password-file", pw.toString()).fails(1);
        assertTrue(again.contains("already registered as provider"), again);

        // Not the operator: the pre-flight simulation reverts and the decoded error is the message.
        String notOperator = cli.run("identity", "approve", "--key", "alice", "--password-file", pw.toString(), "bob").fails(1);
        assertTrue(notOperator.contains("Identities.approve reverted with NotOperator"), notOperator);

        String badAddress = cli.run("identity", "show", "0x1234").fails(1);
        assertTrue(badAddress.contains("not a 20-byte 0x address"), badAddress);

        assertEquals(before, block(), "a refused command changed the chain");
        assertTrue(statusLine(keystore.entry("bob").address()).contains("pending"));
    }

    @Test
    @Order(6)
    void revokeAndStatusSections() throws Exception {
        String alice = keystore.entry("alice").address();
        cli.run("identity", "revoke", "--key", "op", "--password-file", pw.toString(), alice).ok();
        assertTrue(statusLine(alice).contains("revoked"));
        Cli.Run status = cli.run("status").ok();
        for (String section : List.of("identities (4)", "offers (0", "deployments (0 in all)", "settlement", "escrow")) {
            assertTrue(status.out().contains(section), () -> section + " missing in\n" + status.out());
        }
    }

    @Test
    @Order(7)
    void attestThresholdIsTheOperatorsAndStatusShowsTheTally() throws Exception {
        Cli.Run set = cli.run("attest", "threshold", "--key", "op", "--password-file", pw.toString(), "2").ok();
        assertTrue(set.out().startsWith("threshold 2: tx 0x"), set.out());
        long before = block();
        String refused = cli.run("attest", "threshold", "--key", "carol", "--password-file", pw.toString(), "1").fails(1);
        assertTrue(refused.contains("NotOperator"), refused);
        assertEquals(before, block(), "a refused command changed the chain");
        String digest = "0x" + "ab".repeat(32);
        Cli.Run status = cli.run("attest", "status", digest).ok();
        assertTrue(status.out().contains("package " + digest + ": 0 pass, 0 fail, threshold 2: not listed"), status.out());
        assertTrue(status.out().contains("key shared with 0 validator(s)"), status.out());
        assertTrue(cli.run("attest", "status", "0x1234").fails(1).contains("DIGEST must be 32 bytes"));
        Cli.Run strike = cli.run("attest", "strike", "--key", "carol", "--password-file", pw.toString(), digest).ok();
        assertTrue(strike.out().contains("no vote of a revoked validator to strike"), strike.out());
        cli.run("attest", "threshold", "--key", "op", "--password-file", pw.toString(), "0").ok();
    }

    @Test
    @Order(10)
    void verifyTellsAGenuinePackageATamperedCopyAndAnUnknownOneFromTheChainAlone() throws Exception {
        Path work = Files.createDirectories(dir.resolve("verify"));
        cli.key("vera", pw);
        cli.run("identity", "register", "--key", "vera", "--role", "provider", "--password-file", pw.toString()).ok();
        cli.run("identity", "approve", "--key", "op", "--password-file", pw.toString(), "vera").ok();
        Path genuine = org.vnfx.packages.CsarBuilder.build(List.of(home().resolve("examples/suricata-ids/package")), work.resolve("ids.csar")).file();
        try (org.vnfx.store.StoreServer store = org.vnfx.store.StoreServer.start(new org.vnfx.store.LocalArtifactStore(work.resolve("store")))) {
            String published = cli.run("offer", "publish", "--key", "vera", "--store", store.uri().toString(), "--function", "ids",
                    "--price", "1000", "--password-file", pw.toString(), genuine.toString()).ok().out();
            assertTrue(published.contains("package digest 0x"), published);
        }
        String digest = "0x" + org.vnfx.packages.Sha256.of(genuine);
        String vera = keystore.entry("vera").address().toLowerCase();

        Cli.Run ok = cli.run("verify", genuine.toString()).ok();
        assertTrue(ok.out().contains("package " + digest), ok.out());
        assertTrue(ok.out().contains("bytes        GENUINE"), ok.out());
        assertTrue(ok.out().contains("published    by " + vera), ok.out());
        assertTrue(ok.out().contains("signature    none"), ok.out());
        assertTrue(ok.out().contains("policy       none: every action is allowed"), ok.out());
        assertTrue(ok.out().contains("Offers.OfferAdvertised packageDigest=" + digest.substring(0, 24)), ok.out());
        assertTrue(cli.run("verify", digest).ok().out().contains("published    by " + vera));

        byte[] bytes = Files.readAllBytes(genuine);
        bytes[bytes.length / 2] ^= 0x01;
        Path tampered = Files.write(work.resolve("tampered.csar"), bytes);
        Cli.Run bad = cli.run("verify", tampered.toString());
        assertEquals(1, bad.exitCode(), bad.out() + bad.err());
        assertTrue(bad.out().contains("bytes        TAMPERED or damaged"), bad.out());

        Path layer = Files.createDirectories(work.resolve("extra/Files"));
        Files.writeString(layer.resolve("notes.txt"), "never published\n");
        Path unknown = org.vnfx.packages.CsarBuilder.build(List.of(home().resolve("examples/suricata-ids/package"), work.resolve("extra")),
                work.resolve("unknown.csar")).file();
        Cli.Run other = cli.run("verify", unknown.toString());
        assertEquals(1, other.exitCode(), other.out() + other.err());
        assertTrue(other.out().contains("bytes        UNKNOWN: " + unknown + " is an intact SOL004 package that was never published"), other.out());
        assertEquals(1, cli.run("verify", "0x" + "cd".repeat(32)).exitCode());

        String trail = cli.run("trail", "--about", vera).ok().out();
        assertTrue(trail.contains("Identities.Registered") && trail.contains("Offers.OfferAdvertised"), trail);
        assertTrue(cli.run("trail", "--since", "2999-01-01T00:00:00Z").ok().out().contains("0 event(s)"));
    }

    static Path home() {
        return Path.of(System.getProperty("vnfx.home", ".."));
    }

    @Test
    @Order(11)
    void nodeFundTopsAccountsUpFromTheFaucetOfTheNodeOnThisDataFolder() throws Exception {
        assertEquals("127.0.0.1", rpcUrl.getHost(), "without --host the node listens on loopback only");
        String fresh = org.web3j.crypto.Keys.toChecksumAddress(org.web3j.crypto.Keys.getAddress(org.web3j.crypto.Keys.createEcKeyPair()));
        long before = block();
        String badAddress = cli.run("node", "fund", fresh, "0x1234").fails(1);
        assertTrue(badAddress.contains("'0x1234' is not a 20-byte 0x address"), badAddress);
        String noEther = cli.run("node", "fund", "--ether", "0", fresh).fails(1);
        assertTrue(noEther.contains("--ether must be positive"), noEther);
        String noNode = new Cli(dir.resolve("elsewhere")).run("node", "fund", fresh).fails(1);
        assertTrue(noNode.contains("no embedded node runs on") && noNode.contains("vnfx node start"), noNode);
        assertEquals(before, block(), "a refused fund changed the chain");

        String funded = cli.run("node", "fund", "--ether", "3", fresh).ok().out();
        assertTrue(funded.contains(fresh + " holds "), funded);
        try (Chain c = Chain.connect(ChainNode.remote(rpcUrl, false))) {
            assertEquals(java.math.BigInteger.TEN.pow(18).multiply(java.math.BigInteger.valueOf(3)), c.balance(fresh));
        }
    }

    @Test
    @Order(9)
    void anUnreachableNodeIsAChainError() {
        String line = cli.run("--rpc-url", "http://127.0.0.1:9", "status").fails(2);
        assertTrue(line.contains("no node at http://127.0.0.1:9"), line);
    }

    @Test
    @Order(8)
    void licencesFromTermsToTerminate() throws Exception {
        for (String k : List.of("dave", "erin")) cli.key(k, pw);
        cli.run("identity", "register", "--key", "dave", "--role", "provider", "--password-file", pw.toString()).ok();
        cli.run("identity", "approve", "--key", "op", "--password-file", pw.toString(), "dave").ok();
        cli.run("identity", "register", "--key", "erin", "--role", "customer", "--password-file", pw.toString()).ok();
        // The offer itself is advertised through the ledger: `vnfx offer publish` needs a store, which is not the point here.
        byte[] digest = new byte[32];
        new java.security.SecureRandom().nextBytes(digest);
        try (Chain c = Chain.connect(ChainNode.remote(rpcUrl, false))) {
            var record = org.vnfx.ledger.suite.DeploymentRecord.read(org.vnfx.ledger.suite.DeploymentRecord.file(cli.dataDir, c.chainId())).orElseThrow();
            var dave = new org.vnfx.ledger.Market(c, record, keystore.unlock("dave", "s3cret").account());
            dave.advertise(new org.vnfx.ledger.suite.OfferTerms(digest, org.vnfx.ledger.suite.OfferTerms.CODEC_RAW, digest, "licensed",
                    new org.vnfx.ledger.suite.Requirements(1, 1, 1), java.math.BigInteger.ONE, new byte[] {4, 1}));
        }
        String d = org.web3j.utils.Numeric.toHexString(digest);
        String erin = keystore.entry("erin").address();
        String p = pw.toString();

        String notYet = cli.run("ns", "instantiate", "--key", "erin", "--password-file", p, d).fails(1);
        assertTrue(notYet.contains("NoLicence"), notYet);
        Cli.Run terms = cli.run("licence", "terms", "--key", "dave", "--password-file", p, d, "--trial-days", "1", "--trial-slots", "1",
                "--private-price", "1000000000000000", "--private-slots", "2").ok();
        assertTrue(terms.out().contains("trial 1 day(s), 1 slot(s); private 0.001 ETH, 2 slot(s) per customer"), terms.out());
        assertTrue(cli.run("licence", "show", d).ok().out().contains("set by " + keystore.entry("dave").address().toLowerCase()));

        Cli.Run trial = cli.run("ns", "instantiate", "--key", "erin", "--password-file", p, d).ok();
        assertTrue(trial.out().contains("(trial licence)") && trial.out().contains("trial activated until"), trial.out());
        String full = cli.run("ns", "instantiate", "--key", "erin", "--password-file", p, d).fails(1);
        assertTrue(full.contains("SlotsFull") && full.contains("inUse=1") && full.contains("slots=1"), full);

        Cli.Run bought = cli.run("licence", "buy", "--key", "erin", "--password-file", p, d).ok();
        assertTrue(bought.out().contains("for 0.001 ETH: 2 slot(s)"), bought.out());
        Cli.Run priv = cli.run("ns", "instantiate", "--key", "erin", "--password-file", p, d).ok();
        assertTrue(priv.out().contains("(private licence)"), priv.out());
        String id = priv.out().lines().filter(l -> l.startsWith("instance ")).findFirst().orElseThrow().split(" ")[1];

        Cli.Run show = cli.run("licence", "show", d, "--customer", erin).ok();
        assertTrue(show.out().contains("1 of 2 slot(s) in use") && show.out().contains("1 of 1 slot(s) in use"), show.out());
        cli.run("ns", "terminate", "--key", "erin", "--password-file", p, id).ok();
        assertTrue(cli.run("licence", "show", d, "--customer", erin).ok().out().contains("0 of 2 slot(s) in use"));
        String again = cli.run("ns", "terminate", "--key", "erin", "--password-file", p, id).fails(1);
        assertTrue(again.contains("UnknownInstance"), again);

        // The sale is dave's to withdraw from Licences (he has no session payments in Settlement), once.
        Cli.Run paid = cli.run("payments", "withdraw", "--key", "dave", "--password-file", p).ok();
        assertTrue(paid.out().toLowerCase(java.util.Locale.ROOT).contains(
                ("withdrew 0.001 ETH of licence sales to " + keystore.entry("dave").address()).toLowerCase(java.util.Locale.ROOT)), paid.out());
        assertTrue(!paid.out().contains("session payments"), paid.out());
        String nothing = cli.run("payments", "withdraw", "--key", "dave", "--password-file", p).fails(1);
        assertTrue(nothing.contains("nothing to withdraw"), nothing);
    }

    private static String statusLine(String address) {
        Cli.Run status = cli.run("status").ok();
        return status.out().lines().filter(l -> l.contains(address.toLowerCase())).findFirst()
                .orElseThrow(() -> new AssertionError(address + " not in status:\n" + status.out()));
    }

    static void deleteTree(Path root) throws Exception {
        if (root == null || !Files.exists(root)) return;
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
