package org.vnfx.ledger.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.vnfx.contracts.Identities;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.events.EventFollower;
import org.vnfx.ledger.node.ChainNode;
import org.vnfx.ledger.suite.Role;

/**
 * A node that answers garbage: every kind of broken reply is refused with an error naming the JSON-RPC method,
 * the node's URL and what was wrong — no hang, no unbounded read — and the same connection works again once
 * the node answers properly. An agent's follow loop rides out a hostile period and carries on.
 */
@Timeout(60) // a hang here is the failure being tested for; it must not hold the build
class HostileNodeTest {
    static final int CALL_TIMEOUT_SECONDS = 2;
    static final long HUGE_REPLY_BYTES = 100L << 20;

    static TestMarket market;
    static HostileNode node;
    static Chain chain;

    @BeforeAll
    static void start() throws Exception {
        market = TestMarket.start();
        node = new HostileNode(market.chain.node().rpcUrl());
        chain = Chain.connect(ChainNode.remote(node.url(), false), RpcLimits.defaults().withCallTimeoutSeconds(CALL_TIMEOUT_SECONDS));
    }

    @AfterAll
    static void stop() {
        if (chain != null) chain.close();
        if (node != null) node.close();
        if (market != null) market.close();
    }

    /** Whatever the node did, the next honest reply is read as usual. */
    @AfterEach
    void nodeTurnsHonest() throws Exception {
        node.honest();
        assertEquals(market.chain.blockNumber(), chain.blockNumber());
    }

    @Test
    void aReplyThatIsNotJson() {
        node.answer(HostileNode.text("<<not json at all>>"));
        refused("eth_blockNumber", chain::blockNumber, "not complete JSON");
    }

    @Test
    void aTruncatedReply() {
        node.answer(HostileNode.text("{\"jsonrpc\":\"2.0\",\"id\":ID,\"result\":\"0x1"));
        refused("eth_blockNumber", chain::blockNumber, "not complete JSON");
    }

    @Test
    void aReplyToAnotherRequest() {
        node.answer(HostileNode.text("{\"jsonrpc\":\"2.0\",\"id\":987654321,\"result\":\"0x1\"}"));
        refused("eth_blockNumber", chain::blockNumber, "id 987654321 is not the request's");
    }

    @Test
    void aReplyWithoutResult() {
        node.answer(HostileNode.text("{\"jsonrpc\":\"2.0\",\"id\":ID}"));
        refused("eth_blockNumber", chain::blockNumber, "neither a result nor an error");
    }

    @Test
    void aResultOfTheWrongType() {
        node.answer(HostileNode.text("{\"jsonrpc\":\"2.0\",\"id\":ID,\"result\":\"a block, honest\"}"));
        refused("eth_getBlockByNumber", () -> chain.blockTime(0), "does not fit EthBlock");

        node.answer(HostileNode.text("{\"jsonrpc\":\"2.0\",\"id\":ID,\"result\":{\"number\":1}}"));
        refused("eth_blockNumber", chain::blockNumber, "does not fit EthBlockNumber");

        node.answer(HostileNode.text("{\"jsonrpc\":\"2.0\",\"id\":ID,\"result\":\"0xnope\"}"));
        refused("eth_blockNumber", chain::blockNumber, "not a hex quantity");
    }

    @Test
    void aJsonRpcErrorObject() {
        node.answer(HostileNode.text("{\"jsonrpc\":\"2.0\",\"id\":ID,\"error\":{\"code\":-32000,\"message\":\"header not found\"}}"));
        refused("eth_blockNumber", chain::blockNumber, "error -32000: header not found");

        node.answer(HostileNode.text("{\"jsonrpc\":\"2.0\",\"id\":ID,\"error\":\"just a string\"}"));
        refused("eth_blockNumber", chain::blockNumber, "error is not {code, message}");
    }

    @Test
    void anHtmlErrorPage() {
        node.answer(HostileNode.status(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>"));
        refused("eth_blockNumber", chain::blockNumber, "HTTP 502 (text/html): '<html><body><h1>502 Bad Gateway");
    }

    @Test
    void aHugeStreamedReplyIsCutAtTheLimit() {
        node.bytesWritten.set(0);
        node.answer(HostileNode.huge(HUGE_REPLY_BYTES, false));
        refused("eth_blockNumber", chain::blockNumber, "exceeds the limit of " + RpcLimits.DEFAULT_MAX_REPLY_BYTES + " bytes");
        // The client hung up near the limit instead of reading the whole reply.
        assertTrue(node.bytesWritten.get() < HUGE_REPLY_BYTES, node.bytesWritten.get() + " bytes were written");
    }

    @Test
    void aHugeDeclaredReplyIsRefusedUnread() {
        node.answer(HostileNode.huge(2L << 30, true));
        refused("eth_blockNumber", chain::blockNumber, "declares " + (2L << 30) + " bytes");
    }

    @Test
    void aReplyThatNeverEndsTimesOut() {
        node.answer(HostileNode.trickle(200));
        refused("eth_blockNumber", chain::blockNumber, "no complete reply within " + CALL_TIMEOUT_SECONDS + " s");
    }

    @Test
    void aFollowLoopRidesOutAHostilePeriod() throws Exception {
        List<String> approved = new CopyOnWriteArrayList<>();
        List<Exception> errors = new CopyOnWriteArrayList<>();
        try (EventFollower follower = new EventFollower(chain, List.of(market.record.address("Identities")), (EventFollower.Checkpoints) null,
                market.chain.blockNumber() + 1)) {
            follower.on(Identities.APPROVED_EVENT, log -> approved.add(Identities.getApprovedEventFromLog(log).account));
            follower.start(Duration.ofMillis(50), errors::add);

            node.answer(HostileNode.status(500, "text/html", "<html>Internal Server Error</html>"));
            TestMarket.Actor provider = market.actor("provider", Role.PROVIDER);
            waitUntil(() -> errors.size() >= 3);
            assertTrue(approved.isEmpty());
            assertTrue(errors.get(0).getMessage().contains("HTTP 500"), errors.get(0).getMessage());

            node.honest();
            waitUntil(() -> !approved.isEmpty());
            assertEquals(List.of(provider.address().toLowerCase()), approved.stream().map(String::toLowerCase).toList());
        }
    }

    /** The call fails with a ChainRpcException naming the method, the node and the problem. */
    private static ChainRpcException refused(String method, Executable call, String problem) {
        ChainRpcException e = assertThrows(ChainRpcException.class, call);
        assertTrue(e.getMessage().startsWith(method + " to " + node.url()) && e.getMessage().contains(problem), e.getMessage());
        return e;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) Thread.sleep(20);
    }
}
