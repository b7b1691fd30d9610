package org.vnfx.packages.descriptor;

import java.util.List;
import org.vnfx.packages.PackageException;

/** Summing needs without overflow: a descriptor cannot make vnfx count wrong. */
final class Needs {
    private Needs() {}

    /** Each unit's needs times its minimum number of instances, summed. */
    static ResourceNeeds sum(YamlAt root, List<Vdu> vdus) throws PackageException {
        ResourceNeeds total = ResourceNeeds.ZERO;
        try {
            for (Vdu vdu : vdus) total = total.plus(vdu.needs().times(vdu.minInstances()));
        } catch (ArithmeticException e) {
            throw new PackageException(root.file, "the deployment units' resource needs add up to more than vnfx can count");
        }
        return total;
    }

    static long add(YamlAt at, long a, long b) throws PackageException {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw at.error("makes the total too large");
        }
    }
}
