package org.vnfx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnfx.ledger.node.AnvilNode;
import org.w3c.dom.Element;

class DemoTest {
    @TempDir
    Path dir;

    @Test
    void theEchoDemoMigratesVnfsThroughRealAgentsAndReputationMovesTheOrchestrator() throws Exception {
        Cli cli = new Cli(dir.resolve("data"));
        Cli.Run r = cli.run("demo", "--vnf", "echo", "--sessions", "4").ok();
        String out = r.out();
        assertTrue(out.strip().endsWith("demo OK"), out);
        for (String expected : new String[] {
                "session 1 at mec-1: deployment 1 granted echo-lite", // cheaper, same prior reputation
                "session 2 at mec-1: deployment 2 granted echo-pro",  // echo-lite's errors cost it the lead
                "session 3 at mec-2: deployment 3 granted echo-lite", // echo-pro does not fit mec-2
                "second UE: warm", "Java reference agrees", "value conserved",
                "echo-lite: validator verdict 1 pass, 0 fail, threshold 1: listed",
                "customer starts a second one: refused, SlotsFull", "outsider buys a licence: refused, CustomerNotAllowed",
                "under it (private)", "Licences holds 0 ETH = what providers are still owed (value conserved)",
                "1 attestation(s), 1 operator decision(s), 1 licence(s) sold"}) {
            assertTrue(out.contains(expected), () -> "'" + expected + "' missing in\n" + out);
        }
        assertTrue(!out.contains("DISAGREES"), out);
        // Its own folder: no keystore or records next to the user's, no node left running.
        assertTrue(Files.exists(cli.dataDir.resolve("demo/deployments/31337.json")));
        assertTrue(!Files.exists(cli.dataDir.resolve("deployments")) && !Files.exists(cli.dataDir.resolve("keystore")));
        assertTrue(AnvilNode.running(cli.dataDir.resolve("demo")).isEmpty());

        Cli.Run status = new Cli(cli.dataDir.resolve("demo")).run("status").ok();
        assertTrue(status.out().contains("deployments (4 in all)"), status.out());
        assertTrue(status.out().lines().filter(l -> l.contains(" settled")).count() >= 4, status.out());
    }

    @Test
    void theIdsDemoRunsTwoSuricataVariantsAndTheOrchestratorShiftsToTheBetterOne() throws Exception {
        Cli cli = new Cli(dir.resolve("data"));
        String out = cli.run("demo", "--vnf", "ids", "--sessions", "4").ok().out();
        assertTrue(out.strip().endsWith("demo OK"), out);
        for (String expected : new String[] {
                "session 1 at mec-1: deployment 1 granted suricata-ids-lite", // cheaper, same prior reputation
                "session 2 at mec-1: deployment 2 granted suricata-ids ",     // lite's errors cost it the lead
                "session 3 at mec-2: deployment 3 granted suricata-ids-lite", // the full IDS does not fit mec-2
                "session 4 at mec-1: deployment 4 granted suricata-ids ",
                "RULE_FAILURE 3", "alerts (9000001 x202, 9000002 x2, 9000003 x1)", "Java reference agrees", "value conserved"}) {
            assertTrue(out.contains(expected), () -> "'" + expected + "' missing in\n" + out);
        }
        // The plot has one series per variant, read back from the files the demo wrote.
        Path svg = cli.dataDir.resolve("demo/reputation.svg");
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        var groups = doc.getElementsByTagName("g");
        int series = 0;
        for (int i = 0; i < groups.getLength(); i++) {
            if ("series".equals(((Element) groups.item(i)).getAttribute("class"))) series++;
        }
        assertEquals(2, series, "one line per IDS variant");
        assertTrue(ImageIO.read(cli.dataDir.resolve("demo/reputation.png").toFile()).getWidth() > 0);
    }
}
