package org.vnfx.portal.web;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import org.vnfx.catalogue.PostgresCatalogue;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.Licensing;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.node.ChainNode;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.packages.csar.CsarVerifier;
import org.vnfx.portal.PortalServer;
import org.vnfx.portal.vnfpkgm.MarketOnboarding;
import org.vnfx.store.LocalArtifactStore;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * A dPortal in a process of its own, as `vnfx portal serve --key` runs it, for the crash test (kill -9):
 * {@code RPC RECORD ACCOUNT_KEY STORE_DIR UPLOADS_DIR PG_DIR}; the catalogue is the test's embedded PostgreSQL in
 * PG_DIR (a second process uses the running server). Prints "READY url" when it serves.
 */
public final class PortalChild {
    public static void main(String[] args) throws Exception {
        Chain chain = Chain.connect(ChainNode.remote(URI.create(args[0]), true));
        DeploymentRecord record = DeploymentRecord.read(Path.of(args[1])).orElseThrow();
        Credentials user = Credentials.create(args[2]);
        WebGui web = new WebGui(PostgresCatalogue.openEmbedded(Path.of(args[5])),
                LicenceTerms.of(new Licensing(chain, record, Credentials.create(Keys.createEcKeyPair()))), new SuiteOnChain(chain, record),
                new Actor(chain, record, user), new MarketOnboarding(new Market(chain, record, user), record.operator(),
                        new LocalArtifactStore(Path.of(args[3])), new CsarVerifier()), Path.of(args[4]), Marketplace.MAX_UPLOAD);
        PortalServer server = new PortalServer(new InetSocketAddress("127.0.0.1", 0), web.routes());
        System.out.println("READY " + server.url());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
