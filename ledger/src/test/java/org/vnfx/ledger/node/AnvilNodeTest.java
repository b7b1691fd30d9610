package org.vnfx.ledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnfx.contracts.Settlement;
import org.vnfx.crypto.PublicKeys;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.SuiteDeployer;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The embedded chain: it keeps its state across restarts, has one owner at a time, and never outlives the JVM. */
class AnvilNodeTest {
    static final Duration ORPHAN_DEADLINE = Duration.ofSeconds(10);

    @Test
    void aPersistentNodeKeepsTheSuiteItsBlocksAndItsEventsAcrossARestart(@TempDir Path dataDir) throws Exception {
        Credentials operator = Credentials.create(Keys.createEcKeyPair());
        ECKeyPair encryption = Keys.createEcKeyPair();
        DeploymentRecord record;
        TransactionReceipt deposit;
        long lastBlock;
        try (Chain chain = Chain.connect(AnvilNode.start(AnvilNode.Options.persistent(dataDir, 0)))) {
            chain.fundFromDevFaucet(operator.getAddress(), BigInteger.valueOf(10));
            record = SuiteDeployer.ensure(chain, dataDir, operator, PublicKeys.compressed(encryption));
            deposit = new Market(chain, record, operator).deposit(BigInteger.valueOf(12_345));
            lastBlock = chain.blockNumber();
        }
        assertTrue(Files.exists(dataDir.resolve("chain/anvil-state.json")), "anvil wrote its state on a graceful stop");
        assertFalse(Files.exists(dataDir.resolve("chain/node.json")), "a stopped node no longer advertises itself");

        try (Chain chain = Chain.connect(AnvilNode.start(AnvilNode.Options.persistent(dataDir, 0)))) {
            assertTrue(SuiteDeployer.isLive(chain, record), "the recorded suite is still there, at the recorded block hash");
            assertEquals(lastBlock, chain.blockNumber(), "the chain resumes at its last block");
            BigInteger nonce = chain.web3j().ethGetTransactionCount(operator.getAddress(), DefaultBlockParameterName.LATEST).send().getTransactionCount();

            DeploymentRecord again = SuiteDeployer.ensure(chain, dataDir, operator, PublicKeys.compressed(encryption));

            assertEquals(record, again);
            assertEquals(lastBlock, chain.blockNumber(), "ensure sent no transaction");
            assertEquals(nonce, chain.web3j().ethGetTransactionCount(operator.getAddress(), DefaultBlockParameterName.LATEST).send().getTransactionCount());
            assertEquals(BigInteger.valueOf(12_345), new Market(chain, record, operator).escrow(), "contract storage survived");
            DeploymentRecord olderVnfx = new DeploymentRecord(record.chainId(), record.blockNumber(), record.blockHash(), record.operator(),
                    record.addresses(), record.deploymentGas(), record.compiler(), "0x" + "00".repeat(32), record.deployedAt());
            assertFalse(SuiteDeployer.isLive(chain, olderVnfx), "a suite built from other contract code is not ours to talk to");

            EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, record.address("Settlement"));
            filter.addSingleTopic(EventEncoder.encode(Settlement.ESCROWDEPOSITED_EVENT));
            List<EthLog.LogResult> logs = chain.web3j().ethGetLogs(filter).send().getLogs();
            assertEquals(1, logs.size(), "the deposit's event from before the restart is still found by eth_getLogs");
            var log = (EthLog.LogObject) logs.get(0);
            assertEquals(deposit.getTransactionHash(), log.getTransactionHash());
            assertEquals(deposit.getBlockNumber(), log.getBlockNumber());
        }
    }

    @Test
    void aNodeListensOnTheAddressAndPortAskedForAndAChosenPortInUseIsAnErrorNotAnotherPort(@TempDir Path scratch) throws Exception {
        assertThrows(IllegalArgumentException.class, () -> AnvilNode.Options.ephemeral(scratch, 0).listeningOn("127.0.0.1", 65536));
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (AnvilNode node = AnvilNode.start(AnvilNode.Options.ephemeral(scratch.resolve("a"), 0).listeningOn("127.0.0.1", port))) {
            assertEquals(URI.create("http://127.0.0.1:" + port), node.rpcUrl());
            assertTrue(AnvilNode.answers(node.rpcUrl()));
            var e = assertThrows(java.io.IOException.class,
                    () -> AnvilNode.start(AnvilNode.Options.ephemeral(scratch.resolve("b"), 0).listeningOn("127.0.0.1", port)).close());
            assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + port), "the failure says why: " + e);
            assertTrue(AnvilNode.answers(node.rpcUrl()), "the failed start left the running node alone");
        }
    }

    @Test
    void aSecondNodeOnTheSameDataFolderIsRefusedClearlyWhileTheFirstRuns(@TempDir Path dataDir) throws Exception {
        try (AnvilNode first = AnvilNode.start(AnvilNode.Options.persistent(dataDir, 0))) {
            var e = assertThrows(IllegalStateException.class, () -> AnvilNode.start(AnvilNode.Options.persistent(dataDir, 0)).close());
            assertTrue(e.getMessage() != null && e.getMessage().contains("in use by another vnfx process"), "unclear refusal: " + e);
            assertTrue(e.getMessage().contains(first.rpcUrl().toString()), "the refusal says where the running node is: " + e.getMessage());
            assertTrue(AnvilNode.answers(first.rpcUrl()), "the refused start left the running node alone");
        }
        // once the first is closed the folder is free again
        AnvilNode.start(AnvilNode.Options.persistent(dataDir, 0)).close();
    }

    @Test
    void anvilDiesWithItsJvmEvenWhenTheJvmIsKilledHard(@TempDir Path dataDir) throws Exception {
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dvnfx.home=" + System.getProperty("vnfx.home", ""),
                AnvilChild.class.getName(), dataDir.toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String ready = CompletableFuture.supplyAsync(() -> {
                try {
                    StringBuilder seen = new StringBuilder();
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith("READY ")) return line;
                        seen.append(line).append('\n');
                    }
                    return "EXITED " + seen;
                } catch (java.io.IOException e) {
                    return "EXITED " + e;
                }
            }).get(60, TimeUnit.SECONDS);
            assertTrue(ready.startsWith("READY "), "the child JVM did not start a node: " + ready);
            String[] parts = ready.split(" ");
            URI rpc = URI.create(parts[1]);
            long anvilPid = Long.parseLong(parts[2]);
            assertNotEquals(-1L, anvilPid, "the child found no anvil process");
            ProcessHandle anvil = ProcessHandle.of(anvilPid).orElseThrow();
            assertTrue(anvil.isAlive());
            assertTrue(AnvilNode.answers(rpc));
            assertTrue(child.descendants().anyMatch(p -> p.pid() == anvilPid), "anvil runs under the child JVM");

            // another process owns the folder: refused, naming the owner
            var e = assertThrows(IllegalStateException.class, () -> AnvilNode.start(AnvilNode.Options.persistent(dataDir, 0)).close());
            assertTrue(e.getMessage().contains("pid " + child.pid()) && e.getMessage().contains(rpc.toString()), e.getMessage());
            assertEquals(Optional.of(rpc), AnvilNode.running(dataDir).map(AnvilNode.Published::rpcUrl));

            child.toHandle().destroyForcibly(); // kill -9: no shutdown hook runs
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the child JVM did not die");

            long deadline = System.nanoTime() + ORPHAN_DEADLINE.toNanos();
            while (anvil.isAlive() && System.nanoTime() < deadline) Thread.sleep(100);
            assertFalse(anvil.isAlive(), "anvil " + anvilPid + " outlived its JVM by " + ORPHAN_DEADLINE.toSeconds() + " s");
            assertFalse(AnvilNode.answers(rpc), "nothing answers on " + rpc + " any more");
            assertEquals(Optional.empty(), AnvilNode.running(dataDir), "a dead owner's node is not offered for attaching");

            // the folder is free for the next owner
            AnvilNode.start(AnvilNode.Options.persistent(dataDir, 0)).close();
        } finally {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
        }
    }

    static TransactionReceipt receipt(Chain chain, String hash) throws Exception {
        return new org.web3j.tx.response.PollingTransactionReceiptProcessor(chain.web3j(), 20, 500).waitForTransactionReceipt(hash);
    }

    @Test
    void anEphemeralNodeWithOneSecondBlocksMinesATransactionWithinTwoBlocks(@TempDir Path scratch) throws Exception {
        try (Chain chain = Chain.connect(AnvilNode.start(AnvilNode.Options.ephemeral(scratch, 1)))) {
            long first = chain.blockNumber();
            Thread.sleep(2_200);
            long later = chain.blockNumber();
            assertTrue(later >= first + 1 && later <= first + 4, "blocks come every second without transactions: " + first + " -> " + later);

            var faucet = chain.signer(Credentials.create(AnvilNode.DEV_FAUCET_PRIVATE_KEY));
            String someone = Credentials.create(Keys.createEcKeyPair()).getAddress();
            receipt(chain, faucet.sendTransaction(null, null, someone, "", BigInteger.ONE, false).getTransactionHash()); // warm the client up

            long before = chain.blockNumber();
            long started = System.nanoTime();
            TransactionReceipt r = receipt(chain, faucet.sendTransaction(null, null, someone, "", BigInteger.ONE, false).getTransactionHash());
            long waitedMillis = (System.nanoTime() - started) / 1_000_000;

            assertTrue(r.isStatusOK());
            long mined = r.getBlockNumber().longValueExact();
            assertTrue(mined > before && mined <= before + 2, "sent after block " + before + ", mined in " + mined + " after " + waitedMillis + " ms");
            assertTrue(waitedMillis < 3_000, "mined after " + waitedMillis + " ms");
            assertFalse(Files.exists(scratch.resolve("chain/anvil-state.json")), "an ephemeral node keeps no state");
        }
    }
}
