package org.vnfx.mec;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.node.ChainNode;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.mec.runtime.ProcessRuntime;
import org.vnfx.orchestrator.Orchestrator;
import org.vnfx.store.KuboArtifactStore;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.utils.Numeric;

/**
 * An agent in a process of its own, for the crash tests (kill -9):
 * {@code orchestrator RPC RECORD ACCOUNT_KEY ENCRYPTION_KEY STATE_DIR} or
 * {@code mec RPC RECORD ACCOUNT_KEY ENCRYPTION_KEY STATE_DIR STORE_URL}. Prints "READY [url]" when it runs.
 */
public final class AgentChild {
    public static void main(String[] args) throws Exception {
        Chain chain = Chain.connect(ChainNode.remote(URI.create(args[1]), true));
        DeploymentRecord record = DeploymentRecord.read(Path.of(args[2])).orElseThrow();
        Credentials account = Credentials.create(args[3]);
        ECKeyPair encryption = ECKeyPair.create(Numeric.toBigInt(args[4]));
        Path state = Path.of(args[5]);
        if (args[0].equals("orchestrator")) {
            new Orchestrator(chain, record, account, encryption, state, d -> System.out.println("DECISION " + d)).start();
            System.out.println("READY");
        } else {
            MecAgent agent = new MecAgent(chain, record, account, encryption, new KuboArtifactStore(URI.create(args[6])), new ProcessRuntime(),
                    new MecAgent.Config(new Requirements(4000, 4096, 4096), Duration.ofMinutes(10), Duration.ofSeconds(60), state)).start();
            MecServer server = new MecServer(agent, new InetSocketAddress("127.0.0.1", 0));
            System.out.println("READY " + server.url());
        }
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
