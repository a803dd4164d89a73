package org.schemenet.run;

/**
 * The names of the data sets a run trains on, as its {@code summary.json} records them ({@code data.name}):
 * one place for the data module, which names what it loads, and the report, which names the data set of a run
 * whose summary is missing from its {@code data} setting. No ND4J here, so the report can use it.
 */
public final class DataSetNames {
    /** A folder with the CIFAR-10 binary release. */
    public static final String CIFAR_10 = "cifar-10";
    /** The bundled sample ({@code data = "sample"}). */
    public static final String BUNDLED_SAMPLE = "cifar-10-sample";

    private DataSetNames() {
    }

    /**
     * The name of the data set a {@link Settings#DATA} value selects: {@value #BUNDLED_SAMPLE} for
     * {@value Settings#SAMPLE}, {@value #CIFAR_10} for a folder.
     */
    public static String of(String dataSetting) {
        return Settings.SAMPLE.equals(dataSetting) ? BUNDLED_SAMPLE : CIFAR_10;
    }
}
