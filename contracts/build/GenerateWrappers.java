import java.io.File;
import java.util.Arrays;
import org.web3j.codegen.SolidityFunctionWrapperGenerator;

/**
 * Build step, run by Maven as a single-file Java program: turns every X.abi/X.bin pair that
 * compile.cjs wrote into a web3j wrapper class. One JVM for all contracts keeps the build fast.
 * Usage: GenerateWrappers SOLC_OUT_DIR JAVA_OUT_DIR PACKAGE
 */
public class GenerateWrappers {
    public static void main(String[] args) throws Exception {
        File solcOut = new File(args[0]);
        File[] abis = solcOut.listFiles((dir, name) -> name.endsWith(".abi"));
        if (abis == null || abis.length == 0) {
            throw new IllegalStateException("no .abi files in " + solcOut + ": did compile.cjs run?");
        }
        Arrays.sort(abis);
        for (File abi : abis) {
            String name = abi.getName().substring(0, abi.getName().length() - ".abi".length());
            File bin = new File(solcOut, name + ".bin");
            new SolidityFunctionWrapperGenerator(
                            bin, abi, new File(args[1]), name, args[2],
                            true /* java native types */, false /* primitive types */, 20 /* address bytes */)
                    .generate();
            System.out.println("generated wrapper " + args[2] + "." + name);
        }
    }
}
