package org.vnfx.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.vnfx.ledger.suite.Role;
import org.vnfx.portal.PortalServer;

/**
 * The MEC node's page in real headless Chromium with a real MEC agent: the empty node, then a UE's cold start makes the
 * running VNF (with its error counts) and the request appear without a reload (chain events and the agent's polling),
 * a warm start follows; an agent that cannot be reached is a clear message beside the chain's part; other roles are
 * told the page is for MEC nodes.
 */
class MecBrowserTest {
    static Marketplace m;
    static MecNode node;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        m = Marketplace.shared();
        node = MecNode.start(m, "mec-browser");
        browser = new Browser("mec");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (node != null) node.close();
    }

    @AfterEach
    void consoleStaysClean() {
        assertEquals(List.of(), browser.consoleErrors());
    }

    static void visit(PortalServer portal, String step) {
        browser.open(portal.url().resolve("/mec"));
        browser.awaitSettled();
        browser.shot(step);
    }

    /** Leaves the page before its portal closes: a live stream cut by the server is a console error. */
    static void leave() {
        browser.open(URI.create("about:blank"));
    }

    static WebElement row(String css) {
        return browser.await(css + " on the page", d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
    }

    @Test
    void aUeRequestMakesTheRunningVnfAndTheRequestAppearLive() throws Exception {
        visit(node.portal, "empty");
        assertTrue(browser.find("nav a[data-role=mec]").isDisplayed(), "a MEC node's navigation shows its page");
        assertEquals(node.actor.address().toLowerCase(Locale.ROOT), browser.text("#address").toLowerCase(Locale.ROOT));
        assertEquals("approved", browser.text("#status"));
        assertEquals("4 vCPU · 4 GiB memory · 4 GiB disk", browser.text("#free"));
        assertEquals("No VNF runs on this node now.", browser.text("#no-services"));
        assertEquals("No UE request yet.", browser.text("#no-requests"));
        assertEquals("This node has requested no VNF yet.", browser.text("#no-deployments"));
        assertFalse(browser.find("#agent-problem").isDisplayed());
        assertEquals("at " + node.server.url(), browser.text("#agent-url"));
        browser.await("the live stream", d -> "open".equals(browser.find("body").getAttribute("data-live")));

        assertEquals(200, node.ueRequest(node.function).statusCode());
        // Read each cell afresh: the agent's tables are redrawn when its answer changes.
        String service = "tr.service[data-function='" + node.function + "']";
        row(service);
        row("tr.deployment");
        row("tr.ue-request");
        browser.await("the deployment running", d -> browser.text("tr.deployment td.status").equals("running"));
        browser.shot("running");
        assertEquals("running", browser.text(service + " td.alive"));
        assertEquals(List.of("capture_drop: 40", "decoder_invalid: 2"), browser.all(service + " td.errors li").stream().map(WebElement::getText).toList());
        assertEquals("none", browser.text(service + " td.observations"));
        assertEquals(node.function, browser.text("tr.deployment td.function"));
        assertTrue(browser.find("tr.deployment td.offer a").getAttribute("href").endsWith("/packages/" + node.digest));
        assertEquals("200", browser.text("tr.ue-request td.status"));
        assertEquals("cold start", browser.text("tr.ue-request td.start"));
        String id = browser.find(service).getAttribute("data-deployment");
        assertEquals("#" + id, browser.text("tr.ue-request td.deployment"));
        assertEquals(id, browser.find("tr.deployment").getAttribute("data-id"));
        assertTrue(browser.text("#free").startsWith("3.5 vCPU"), "the VNF holds its resources: " + browser.text("#free"));

        assertEquals(200, node.ueRequest(node.function).statusCode());
        browser.await("the warm request", d -> browser.all("tr.ue-request").size() == 2);
        browser.shot("warm");
        assertEquals("warm", browser.text("tr.ue-request td.start"), "newest first");
    }

    @Test
    void anUnreachableAgentIsAClearMessage() throws Exception {
        URI nowhere = MecNode.nowhere();
        try (PortalServer portal = new PortalServer(new InetSocketAddress("127.0.0.1", 0), m.webOf(node.actor, null).withMecAgent(nowhere).routes())) {
            visit(portal, "unreachable");
            assertTrue(browser.find("#agent-problem").isDisplayed());
            assertTrue(browser.text("#agent-problem").startsWith("the MEC agent at " + nowhere + " could not be reached"), browser.text("#agent-problem"));
            assertFalse(browser.find("#agent-data").isDisplayed(), "no stale tables");
            assertEquals("approved", browser.text("#status"), "the chain's part is shown all the same");
            leave();
        }
    }

    @Test
    void othersAreToldThePageIsForMecNodes() throws Exception {
        try (PortalServer customer = m.portalOf(m.market().actor("mec-browser-customer", Role.CUSTOMER))) {
            visit(customer, "customer");
            assertEquals("This page is for MEC nodes; you are a customer.", browser.text("#role-message"));
            assertFalse(browser.find("#mec").isDisplayed());
            assertFalse(browser.find("nav a[data-role=mec]").isDisplayed());
            leave();
        }
    }
}
