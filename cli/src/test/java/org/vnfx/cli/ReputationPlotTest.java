package org.vnfx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.vnfx.ledger.TestMarket;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.OfferTerms;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.web3j.utils.Numeric;

/**
 * `vnfx reputation plot` on a real anvil (TestMarket) that the CLI reaches with --rpc-url and the suite's
 * deployment record: first with no sessions, then after sessions of two offers, to SVG and PNG.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReputationPlotTest {
    static TestMarket market;
    static Path dir;
    static Cli cli;
    static String rpc;
    static Actor provider, mec;
    /** Offers by digest, with the number of sessions each has run. */
    static final Map<String, Integer> sessions = new LinkedHashMap<>();
    static final List<OfferTerms> offers = new ArrayList<>();

    @BeforeAll
    static void chain() throws Exception {
        market = TestMarket.start();
        dir = Files.createTempDirectory("vnfx-plot-test-");
        cli = new Cli(dir.resolve("data"));
        rpc = market.chain.node().rpcUrl().toString();
        market.record.write(DeploymentRecord.file(cli.dataDir, market.chain.chainId()));
        market.operator.market().deposit(TestMarket.ETHER);
        provider = market.actor("provider", Role.PROVIDER);
        mec = market.actor("mec", Role.MEC);
        mec.market().publishResources(new Requirements(10_000, 10_000, 10_000));
        for (String function : List.of("ids", "nat", "fw")) {
            OfferTerms t = market.acceptedOffer(provider, function, new Requirements(100, 64, 16), 1_000_000_000L);
            offers.add(t);
            sessions.put(Numeric.toHexString(t.packageDigest()), 0);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (market != null) market.close();
        ChainCommandsTest.deleteTree(dir);
    }

    Cli.Run plot(String... args) {
        List<String> all = new ArrayList<>(List.of("--rpc-url", rpc, "reputation", "plot"));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void withoutSessionsOrSuiteOrAKnownFormatItSaysWhyAndWritesNothing() {
        Path svg = dir.resolve("none.svg");
        String none = plot("--out", svg.toString()).fails(1);
        assertTrue(none.contains("no sessions yet on chain 31337") && none.contains("3 offers"), none);
        assertFalse(Files.exists(svg));

        String noSuite = new Cli(dir.resolve("empty")).run("--rpc-url", rpc, "reputation", "plot", "--out", svg.toString()).fails(1);
        assertTrue(noSuite.contains("run `vnfx deploy --key OPERATOR` first"), noSuite);

        String format = plot("--out", dir.resolve("chart.jpg").toString()).fails(1);
        assertTrue(format.contains("must end in .svg or .png"), format);
        String unknownFunction = plot("--function", "dpi", "--out", svg.toString()).fails(1);
        assertTrue(unknownFunction.contains("no offer of function 'dpi'") && unknownFunction.contains("[fw, ids, nat]"), unknownFunction);
        String badFunction = plot("--function", "Not A Type").fails(1);
        assertTrue(badFunction.contains("function type 'Not A Type'"), badFunction);
    }

    @Test
    @Order(2)
    void svgHasOneSeriesPerOfferWithOnePointPerSessionAndThePrior() throws Exception {
        // ids: clean, then faulty; nat: faulty throughout; fw never runs.
        session(offers.get(0), 0, 0);
        session(offers.get(1), 400, 1);
        session(offers.get(0), 5, 0);
        session(offers.get(1), 0, 2);
        session(offers.get(0), 0, 1);

        Path svg = dir.resolve("charts/reputation.svg"); // a folder that does not exist yet
        Cli.Run r = plot("--out", svg.toString()).ok();
        assertTrue(r.out().contains("wrote " + svg + " (SVG): 2 offers, 5 sessions"), r.out());
        assertTrue(r.out().contains("1 offer has no session yet: not drawn"), r.out());

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getTagName());
        List<Element> series = new ArrayList<>();
        NodeList groups = doc.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("series")) series.add(g);
        }
        assertEquals(2, series.size(), "one series per offer that ran");
        for (Element g : series) {
            String digest = g.getAttribute("data-offer");
            int n = sessions.get(digest);
            assertEquals(Integer.toString(n), g.getAttribute("data-sessions"));
            NodeList circles = g.getElementsByTagName("circle");
            assertEquals(n + 1, circles.getLength(), digest + ": a marker per session and the prior");
            String points = ((Element) g.getElementsByTagName("polyline").item(0)).getAttribute("points");
            assertEquals(n + 1, points.split(" ").length, digest + ": " + points);
            // The last marker says what the contract holds now.
            String expected = "R = " + Fmt.reputation(market.operator.market().offer(Numeric.hexStringToByteArray(digest)).reputation);
            String last = circles.item(n).getTextContent();
            assertTrue(last.startsWith("session " + n + ",") && last.contains(expected), last + " vs " + expected);
            assertTrue(circles.item(0).getTextContent().startsWith("prior 0.5000"), circles.item(0).getTextContent());
            // And the table printed the same final reputation for that offer.
            assertTrue(r.out().lines().anyMatch(l -> l.contains(digest.substring(0, 10)) && l.contains(expected.substring(4))), r.out());
        }
        String text = doc.getDocumentElement().getTextContent();
        assertTrue(text.contains("ids · offer ") && text.contains("nat · offer "), text);
        try (var files = Files.list(svg.getParent())) {
            assertEquals(List.of(svg), files.toList(), "no temporary file left behind");
        }

        Cli.Run onlyNat = plot("--out", svg.toString(), "--function", "nat").ok();
        assertTrue(onlyNat.out().contains("1 offers, 2 sessions"), onlyNat.out());
        assertEquals(1, Files.readString(svg).split("class=\"series\"").length - 1);
    }

    @Test
    @Order(3)
    void pngIsAChartOfTheSameSize() throws Exception {
        Path png = dir.resolve("reputation.png");
        Cli.Run r = plot("--out", png.toString()).ok();
        assertTrue(r.out().contains("(PNG): 2 offers"), r.out());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(ReputationChart.WIDTH, image.getWidth());
        assertTrue(image.getHeight() > ReputationChart.TOP + ReputationChart.PLOT_HEIGHT, "height " + image.getHeight());
        // Not blank: many non-white pixels, and both series' colours (marker interiors are solid).
        int nonWhite = 0;
        int[] palette = new int[2];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                if (rgb != 0xffffff) nonWhite++;
                for (int k = 0; k < palette.length; k++) if (rgb == ReputationChart.PALETTE[k]) palette[k]++;
            }
        }
        assertTrue(nonWhite > 5_000, nonWhite + " non-white pixels");
        assertTrue(palette[0] > 30 && palette[1] > 30, "series colours: " + palette[0] + ", " + palette[1]);
    }

    /** One session of the offer with some capture drops and rule failures. */
    static void session(OfferTerms offer, long captureDrops, long ruleFailures) throws Exception {
        BigInteger id = market.running(mec, offer);
        market.advanceSeconds(3);
        mec.market().reportUninstall(id, 3, new long[] {captureDrops, 0, 0, ruleFailures, 0, 0, 0, 0});
        sessions.merge(Numeric.toHexString(offer.packageDigest()), 1, Integer::sum);
    }
}
