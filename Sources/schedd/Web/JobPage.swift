import AischedClient
import SchedulerProtocol

/// One job: what it asked for, its state and why, its history, and a picture of what it holds on each node (its
/// GPUs by index, its CPUs and NUMA domains).
struct JobPage {
    let info: JobInfo

    var html: String {
        let s = info.submission
        var facts: [[String]] = [
            ["State", HTML.escape(info.state + (info.completing ? " (completing)" : ""))],
            ["Reason", HTML.escape(info.reason)],
            ["User", HTML.escape(info.user)], ["Project", HTML.escape(info.project)],
            ["QoS", HTML.escape(info.qosInForce)],
            ["Asked", HTML.escape("\(s.nodes) node(s) × \(s.gpusPerNode) GPU(s), \(s.cpusPerNode) CPU(s)"
                                  + (s.gpuModel.isEmpty ? "" : ", model \(s.gpuModel)"))],
            ["Submitted", HTML.escape(JobJSON.time(info.submitTimeMs) ?? "")],
            ["Started", HTML.escape(JobJSON.time(info.startTimeMs) ?? "")],
            ["Ended", HTML.escape(JobJSON.time(info.endTimeMs) ?? "")],
        ]
        if info.state == "PENDING" { facts.append(["Why it waits", HTML.escape(WaitExplanation.sentence(info))]) }
        let history = info.history.map {
            [HTML.escape(JobJSON.time($0.atMs) ?? ""), HTML.escape($0.state), HTML.escape($0.reason)]
        }
        return "<h2>Job \(info.id) \(HTML.escape(info.name))</h2>"
            + HTML.table([], facts, id: "job")
            + (info.allocation.isEmpty ? "" : "<h2>Allocation</h2>" + allocationPicture)
            + "<h2>History</h2>" + HTML.table(["Time", "State", "Reason"], history, id: "history")
    }

    /// One row per node: its GPU slots (the job's filled), then the CPUs and NUMA domains it has there. SVG drawn
    /// here, so the page needs nothing from elsewhere.
    var allocationPicture: String {
        let slot = 22, rowHeight = 30, labelWidth = 140
        let width = labelWidth + 8 * slot + 320
        var shapes: [String] = []
        for (row, part) in info.allocation.enumerated() {
            let y = row * rowHeight
            shapes.append("<text x=\"0\" y=\"\(y + 18)\">\(HTML.escape(part.node))</text>")
            let slots = Int((part.gpus.max() ?? 0) + 1)
            for index in 0..<(part.gpus.isEmpty ? 0 : max(slots, 1)) {
                let held = part.gpus.contains(UInt32(index))
                shapes.append("<rect x=\"\(labelWidth + index * slot)\" y=\"\(y + 4)\" width=\"\(slot - 4)\" height=\"18\" "
                              + "class=\"\(held ? "gpu-held" : "gpu-other")\" fill=\"\(held ? "#1e88e5" : "#e0e0e0")\">"
                              + "<title>GPU \(index)\(held ? " (this job)" : "")</title></rect>")
            }
            let text = "\(part.cpus.count) CPUs · NUMA \(part.numaNodes.map(String.init).joined(separator: ",")) · "
                + "\(part.memoryMB / 1024) GiB"
            shapes.append("<text x=\"\(labelWidth + max(slots, 1) * slot + 8)\" y=\"\(y + 18)\">\(HTML.escape(text))</text>")
        }
        return "<svg id=\"allocation\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" "
            + "height=\"\(info.allocation.count * rowHeight)\" font-size=\"13\">" + shapes.joined() + "</svg>"
    }
}
