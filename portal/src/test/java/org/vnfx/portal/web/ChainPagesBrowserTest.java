package org.vnfx.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.vnfx.ledger.economics.ReputationHistory;

/**
 * The Verify and Reputation pages in real headless Chromium, on the fixture's real chain: a pasted digest drawn as a
 * timeline, a tampered upload, the chart and ranking, and the chart and ranking growing when a session is recorded
 * while the page is open (live updates, no reload).
 */
class ChainPagesBrowserTest {
    static Marketplace m;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        m = Marketplace.shared();
        browser = new Browser("chain-pages");
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
    }

    @AfterEach
    void consoleStaysClean() {
        // A refused digest is a 400 the browser logs; the page shows it (asserted where it happens).
        assertEquals(List.of(), browser.consoleErrors().stream().filter(e -> !e.contains("the server responded with a status of 400")).toList());
    }

    static List<String> kinds() {
        return browser.all("#timeline li").stream().map(li -> li.getAttribute("data-kind")).toList();
    }

    @Test
    void aPastedDigestIsDrawnAsItsProvenanceTimeline() {
        browser.open(m.url("/verify"));
        browser.awaitSettled();
        browser.shot("verify-empty");
        browser.find("#digest-input").sendKeys("0x" + m.ids());
        browser.find("#verify-digest").click();
        browser.await("the timeline", d -> !browser.all("#timeline li").isEmpty());
        browser.shot("verify-digest");
        assertEquals("PUBLISHED", browser.text("#verdict"));
        assertEquals("0x" + m.ids(), browser.text("#digest"));
        List<String> kinds = kinds();
        assertEquals("PUBLICATION", kinds.get(0));
        for (String k : List.of("DECISION", "DEPLOYMENT", "REPUTATION")) assertTrue(kinds.contains(k), k + " in " + kinds);
        assertTrue(browser.text("#timeline").contains("accepted by " + m.market().record.operator().toLowerCase()), browser.text("#timeline"));
        assertTrue(browser.text("#timeline li.REPUTATION").matches("(?s).*reputation 0\\.\\d{3} after session 1.*"), browser.text("#timeline li.REPUTATION"));
        assertTrue(browser.text("#reputation").contains("session(s)"), browser.text("#reputation"));
        assertTrue(browser.url().endsWith("/verify?digest=0x" + m.ids()), "the address carries the digest: " + browser.url());

        browser.find("#digest-input").clear();
        browser.find("#digest-input").sendKeys("not-a-digest");
        browser.find("#verify-digest").click();
        browser.await("the problem", d -> browser.find("#problem").isDisplayed());
        browser.shot("verify-bad-digest");
        assertTrue(browser.text("#problem").contains("digest must be a SHA-256 package digest"), browser.text("#problem"));
        assertTrue(browser.find("#digest-input").getAttribute("class").contains("invalid"));
    }

    @Test
    void anUploadedCopyWithOneByteFlippedIsTampered() throws Exception {
        byte[] bytes = Files.readAllBytes(m.idsFile());
        bytes[bytes.length / 2] ^= 0x01;
        Path copy = Files.write(Files.createTempDirectory("vnfx-verify-").resolve("suricata-ids.csar"), bytes);
        browser.open(m.url("/verify"));
        browser.awaitSettled();
        browser.find("#file-input").sendKeys(copy.toString());
        browser.await("the verdict", d -> !browser.all("#verdict").isEmpty());
        browser.shot("verify-tampered");
        assertEquals("TAMPERED", browser.text("#verdict"));
        assertTrue(browser.text("#sentence").startsWith("TAMPERED or damaged: suricata-ids.csar is no published package"), browser.text("#sentence"));

        browser.find("#file-input").sendKeys(m.idsFile().toString());
        browser.await("the genuine verdict", d -> browser.text("#verdict").equals("GENUINE"));
        browser.shot("verify-genuine");
        assertEquals("0x" + m.ids(), browser.text("#digest"));
        assertEquals("PUBLICATION", kinds().get(0));
    }

    /** The sessions cell of the exemplar's ranking row. */
    static String idsSessions() {
        return browser.find("#ranking tr.offer[data-digest='0x" + m.ids() + "'] .sessions").getText();
    }

    static int idsPoints() {
        return browser.all("#chart g.series[data-offer='0x" + m.ids() + "'] circle").size();
    }

    @Test
    void theReputationPageDrawsALinePerVnfAndARankingThatGrowWithANewSession() throws Exception {
        ReputationHistory h = ReputationHistory.read(m.market().chain, m.market().record);
        browser.open(m.url("/reputation"));
        browser.awaitSettled();
        browser.shot("reputation");
        assertEquals(h.withSessions().series().size(), browser.all("#chart svg g.series").size(), "one line per VNF that has run a session");
        List<WebElement> rows = browser.all("#ranking tbody tr.offer");
        assertEquals(h.series().size(), rows.size(), "every offer ranked");
        assertEquals("1", rows.get(0).findElement(org.openqa.selenium.By.cssSelector(".rank")).getText());
        assertEquals("suricata-ids 7.0.10", browser.text("#ranking tr.offer[data-digest='0x" + m.ids() + "'] .product"));
        int sessions = Integer.parseInt(idsSessions());
        assertEquals(h.series().stream().filter(s -> s.packageDigest().equals("0x" + m.ids())).findFirst().orElseThrow().sessions(), sessions);
        assertEquals(sessions + 1, idsPoints(), "the prior and one point per session");

        browser.await("the live stream", d -> "open".equals(browser.find("body").getAttribute("data-live")));
        long before = System.nanoTime();
        m.session(5, 0, 0, 2, 0, 0, 0, 0);
        browser.await("the ranking to count the new session", d -> idsSessions().equals(String.valueOf(sessions + 1)));
        double seconds = (System.nanoTime() - before) / 1e9;
        browser.shot("reputation-after-live-session");
        assertEquals(sessions + 2, idsPoints(), "the line grew by one point without a reload");
        assertTrue(seconds < 5, "updated in " + seconds + " s");
    }
}
