package org.vnfx.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.vnfx.ledger.Attestation;
import org.vnfx.ledger.Licensing;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.Market.DeploymentStatus;
import org.vnfx.portal.http.Http;
import org.vnfx.portal.PortalServer;

/**
 * The marketplace's main path walked in real headless Chromium, every actor in its own dPortal signing with its own
 * key: a provider uploads and publishes the echo VNF and sets a trial licence; the validator agent attests it; the
 * operator accepts it; a customer acquires the trial and instantiates; a UE request makes the MEC node pull and run
 * the VNF; the session ends with the escrow short, so the operator tops it up and settles; the provider withdraws.
 * Each step asserts what the pages show and is checked against the chain; screenshots of every step are kept.
 */
class MarketWalkBrowserTest {
    static EdgeMarket edge;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        edge = new EdgeMarket();
        browser = new Browser("walk");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (edge != null) edge.close();
    }

    static void visit(PortalServer portal, String path, String step) {
        browser.open(edge.url(portal, path));
        browser.awaitSettled();
        browser.shot(step);
    }

    @Test
    void everyActorWalksTheMainPath() throws Exception {
        // The provider publishes through its page.
        visit(edge.providerPortal, "/provider", "provider-empty");
        browser.find("#csar").sendKeys(edge.echoPackage("walk-echo").toString());
        browser.find("#function-type").sendKeys("echo");
        browser.find("#price").sendKeys("2000000000");
        browser.find("#upload-button").click();
        browser.await("the package published", d -> browser.text("#upload-text").startsWith("Published 0x"));
        WebElement offer = browser.await("the offer", d -> d.findElements(By.cssSelector("article.offer")).stream().findFirst().orElse(null));
        String digest = offer.getAttribute("data-digest");
        byte[] digestBytes = HexFormat.of().parseHex(digest);
        assertTrue(browser.text("#upload-text").endsWith(digest), browser.text("#upload-text"));
        browser.shot("provider-published");

        // The orchestrator shares the package's key with the validator, which inspects it and attests a pass.
        Attestation reader = new Attestation(edge.market.chain, edge.market.record, edge.market.stranger("tally-reader").account());
        browser.await("the validator's pass", d -> {
            try {
                return reader.tally(digestBytes).listed();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        visit(edge.providerPortal, "/provider", "provider-attested");
        assertEquals("1 pass, 0 fail of 1 needed", browser.text("article.offer dd.attestations"));

        // Licence terms: a seven-day trial with one instance.
        WebElement card = browser.find("article.offer");
        card.findElement(By.name("trialDays")).sendKeys("7");
        card.findElement(By.name("trialSlots")).sendKeys("1");
        card.findElement(By.cssSelector(".terms-form button")).click();
        browser.await("the terms shown", d -> !d.findElements(By.cssSelector("article.offer dd.terms li.trial")).isEmpty());
        browser.shot("provider-terms");

        // The operator sees the offer with its validator's pass and accepts it.
        visit(edge.operatorPortal, "/operator", "operator-pending");
        String pending = "#pending article.offer[data-digest='" + digest + "']";
        assertEquals("1 pass, 0 fail of 1 needed: listed", browser.textOf(pending + " .attestations"));
        browser.click(pending + " button.accept");
        browser.await("the decision", d -> browser.textOf("#decision").startsWith("Accepted 0x" + digest.substring(0, 12)));
        browser.shot("operator-accepted");
        assertEquals(Market.OfferStatus.ACCEPTED, Market.OfferStatus.values()[edge.market.operator.market().offer(digestBytes).status.intValueExact()]);

        // The customer finds the offer with its trial and starts it with a first instance.
        visit(edge.customerPortal, "/customer#" + digest, "customer-offers");
        String offerCard = "article.offer[data-digest='" + digest + "']";
        assertEquals("Trial: 7 days from the first instance, at most 1 instance at a time.", browser.textOf(offerCard + " dd.terms li.trial"));
        browser.click(offerCard + " button.instantiate");
        String said = CustomerBrowserTest.awaitOutcome(browser, "#action-result");
        browser.shot("customer-instantiated");
        assertTrue(said.contains("(trial licence)"), said);
        assertEquals("1 of 1", browser.textOf("tr.licence[data-digest='" + digest + "'] .slots"));
        assertEquals(1, browser.all("tr.instance[data-digest='" + digest + "']").size());
        Licensing.Licence licence = new Licensing(edge.market.chain, edge.market.record, edge.customer.account()).licence(edge.customer.address(), digestBytes);
        assertEquals(1, licence.trialInUse(), "the chain holds the trial's instance");

        // A UE asks the MEC node for the function: the node requests it, the orchestrator grants the accepted offer,
        // the node pulls the encrypted package from the store, decrypts, verifies and runs it.
        HttpResponse<String> served = edge.ue("POST", "/services", "{\"function\":\"echo\"}");
        assertEquals(200, served.statusCode(), served.body());
        JsonNode s = Http.JSON.readTree(served.body());
        assertTrue(s.path("coldStart").asBoolean());
        BigInteger deployment = new BigInteger(s.path("deploymentId").asText());
        HttpResponse<String> echoed = EdgeMarket.HTTP.send(HttpRequest.newBuilder(URI.create(s.path("endpoint").asText())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, echoed.statusCode(), "the VNF answers the UE");
        Thread.sleep(2_200); // the node counts usage in whole seconds of its own clock: a session of two
        // The MEC node's page shows the VNF running and the UE's cold start.
        visit(edge.mecPortal, "/mec", "mec-running");
        browser.await("the running VNF", d -> "running".equals(browser.textOf("tr.service[data-function='echo'] td.alive")));
        assertEquals("cold start", browser.textOf("tr.ue-request td.start"));
        browser.await("the deployment running", d -> "running".equals(browser.textOf("tr.deployment[data-id='" + deployment + "'] td.status")));
        browser.shot("mec-page");

        HttpResponse<String> ended = edge.ue("DELETE", "/services/echo", null);
        assertEquals(200, ended.statusCode(), ended.body());

        // The escrow was empty: the session is priced and waits for the operator to settle.
        Market operator = edge.market.operator.market();
        assertEquals(DeploymentStatus.UNINSTALLED, Market.status(operator.deployment(deployment)));
        BigInteger due = operator.deployment(deployment).amountDue;
        assertTrue(due.signum() > 0, "a priced session");
        visit(edge.operatorPortal, "/operator", "operator-due");
        String row = "#deployments tr.deployment[data-id='" + deployment + "']";
        assertEquals("uninstalled", browser.textOf(row + " .status"));
        assertEquals(String.format("%,d", due), browser.textOf(row + " .due"));
        browser.find("#escrow-amount").sendKeys(due.multiply(BigInteger.TWO).toString());
        browser.click("#deposit");
        browser.await("the deposit", d -> browser.textOf("#escrow-result").startsWith("Deposited"));
        browser.click(row + " button.settle");
        browser.await("the settlement", d -> browser.textOf("#settle-result").startsWith("Settled deployment #" + deployment));
        browser.await("the session settled", d -> "settled".equals(browser.textOf(row + " .status")));
        browser.shot("operator-settled");
        assertEquals(DeploymentStatus.SETTLED, Market.status(operator.deployment(deployment)));
        assertEquals(due, operator.escrow(), "the escrow paid the session and kept the rest");

        // The provider withdraws what the session earned.
        visit(edge.providerPortal, "/provider", "provider-earned");
        assertEquals(due, operator.balanceOf(edge.provider.address()));
        browser.find("#withdraw").click();
        browser.await("the withdrawal", d -> browser.text("#withdraw-result").startsWith("Withdrew"));
        browser.shot("provider-withdrew");
        assertEquals(BigInteger.ZERO, operator.balanceOf(edge.provider.address()));
        BigInteger[] books = edge.settlementBooks();
        assertEquals(books[1], books[0], "Settlement holds exactly escrow + owed");

        List<String> errors = browser.consoleErrors();
        assertTrue(errors.isEmpty(), errors.toString());
    }
}
