package org.vnfx.validator;

import java.net.URI;
import java.nio.file.Path;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.node.ChainNode;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.packages.csar.VerifierOptions;
import org.vnfx.store.KuboArtifactStore;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.utils.Numeric;

/**
 * A validator agent in a process of its own, for the crash test (kill -9):
 * {@code RPC RECORD ACCOUNT_KEY ENCRYPTION_KEY STATE_DIR STORE_URL}. Prints "READY" once its JVM is up, before it
 * catches up with the keys shared so far, so that a kill can land in the catch-up too; then a "REPORT" line per verdict.
 */
public final class ValidatorChild {
    public static void main(String[] args) throws Exception {
        Chain chain = Chain.connect(ChainNode.remote(URI.create(args[0]), true));
        DeploymentRecord record = DeploymentRecord.read(Path.of(args[1])).orElseThrow();
        ValidatorAgent agent = new ValidatorAgent(chain, record, Credentials.create(args[2]), ECKeyPair.create(Numeric.toBigInt(args[3])),
                new KuboArtifactStore(URI.create(args[5])), VerifierOptions.DEFAULT, Path.of(args[4]), r -> System.out.println("REPORT " + r));
        System.out.println("READY");
        System.out.flush();
        agent.start();
        Thread.sleep(Long.MAX_VALUE);
    }
}
