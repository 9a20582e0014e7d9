import SchedulerProtocol

extension JobInfo {
    /// The QoS the job runs under (scavenger once a spent budget moved it), as `show`, `--json`, scontrol and the
    /// dashboard print it; a schedd older than `JobInfo.qos` sends only the submitted one. "" when neither says.
    public var qosInForce: String { qos.isEmpty ? submission.qos : qos }
}
