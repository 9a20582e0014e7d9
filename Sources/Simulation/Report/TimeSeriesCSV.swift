/// `--timeseries FILE.csv`: `time_s,gpu_utilisation,cpu_utilisation,queue_length`, one row per sample.
public enum TimeSeriesCSV {
    public static func render(_ series: TimeSeries) -> String {
        var out = "time_s,gpu_utilisation,cpu_utilisation,queue_length\n"
        for s in series.samples {
            out += NumberText.fixed(s.time, 0) + "," + NumberText.fixed(s.gpuUtilisation, 4) + ","
                + NumberText.fixed(s.cpuUtilisation, 4) + "," + String(s.queueLength) + "\n"
        }
        return out
    }
}
