/// `--plot FILE.svg`: a hand-written line chart of a time series: GPU (or CPU) utilisation on the left axis (0–100 %),
/// queue length on the right axis, days along the bottom. Long series are averaged into at most `maxPoints` buckets.
public enum TimeSeriesSVG {
    static let width = 900.0, height = 360.0, left = 60.0, right = 60.0, top = 30.0, bottom = 40.0
    static let maxPoints = 1200

    public static func render(_ series: TimeSeries, title: String) -> String {
        let points = buckets(series.samples)
        guard let first = points.first, let last = points.last else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\"/>\n"
        }
        let useGPU = points.contains { $0.gpu > 0 }
        let span = max(last.time - first.time, 1)
        let queueMax = max(points.map(\.queue).max() ?? 1, 1)
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ t: Double) -> String { NumberText.fixed(left + (t - first.time) / span * plotW, 1) }
        func y(_ fraction: Double) -> String { NumberText.fixed(top + (1 - fraction) * plotH, 1) }
        let utilisation = points.map { "\(x($0.time)),\(y(useGPU ? $0.gpu : $0.cpu))" }.joined(separator: " ")
        let queue = points.map { "\(x($0.time)),\(y($0.queue / queueMax))" }.joined(separator: " ")
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        svg += "<text x=\"\(Int(left))\" y=\"18\" font-size=\"14\">\(escaped(title))</text>\n"
        svg += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotW)\" height=\"\(plotH)\" fill=\"none\" stroke=\"#888\"/>\n"
        for tick in 0...4 {
            let f = Double(tick) / 4
            svg += "<text x=\"\(Int(left) - 6)\" y=\"\(y(f))\" text-anchor=\"end\">\(tick * 25)%</text>\n"
            svg += "<text x=\"\(Int(width - right) + 6)\" y=\"\(y(f))\">\(NumberText.grouped(queueMax * f))</text>\n"
            let t = first.time + span * f
            svg += "<text x=\"\(x(t))\" y=\"\(Int(height) - 22)\" text-anchor=\"middle\">\(NumberText.fixed((t - first.time) / 86400, 1)) d</text>\n"
        }
        svg += "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.2\" points=\"\(utilisation)\"/>\n"
        svg += "<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"1\" points=\"\(queue)\"/>\n"
        svg += "<text x=\"\(Int(left))\" y=\"\(Int(height) - 6)\" fill=\"#1f77b4\">\(useGPU ? "GPU" : "CPU") allocation (left)</text>\n"
        svg += "<text x=\"\(Int(left) + 200)\" y=\"\(Int(height) - 6)\" fill=\"#d62728\">queue length (right)</text>\n"
        return svg + "</svg>\n"
    }

    private struct Point { var time, gpu, cpu, queue: Double }

    private static func buckets(_ samples: [TimeSeries.Sample]) -> [Point] {
        guard !samples.isEmpty else { return [] }
        let size = max(1, (samples.count + maxPoints - 1) / maxPoints)
        return stride(from: 0, to: samples.count, by: size).map { start in
            let slice = samples[start..<min(start + size, samples.count)]
            let n = Double(slice.count)
            return Point(time: slice.first!.time, gpu: slice.reduce(0) { $0 + $1.gpuUtilisation } / n,
                         cpu: slice.reduce(0) { $0 + $1.cpuUtilisation } / n,
                         queue: slice.reduce(0) { $0 + Double($1.queueLength) } / n)
        }
    }

    private static func escaped(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
    }
}
