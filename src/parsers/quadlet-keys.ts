/**
 * The `[Container]` keys Quadlet accepts (podman pkg/systemd/quadlet/quadlet.go, the same set
 * from v5.8.0 to main; facts §4). Any other key is fatal to Quadlet: "unsupported key '%s' in
 * group '%s'", and no service is generated.
 */
export const QUADLET_CONTAINER_KEYS = new Set(
  `AddCapability AddDevice AddHost Annotation AppArmor AutoUpdate CgroupsMode ContainerName ContainersConfModule
  DNS DNSOption DNSSearch DropCapability Entrypoint Environment EnvironmentFile EnvironmentHost Exec ExposeHostPort
  GIDMap GlobalArgs Group GroupAdd HealthCmd HealthInterval HealthLogDestination HealthMaxLogCount HealthMaxLogSize HealthOnFailure HealthRetries HealthStartPeriod HealthStartupCmd HealthStartupInterval HealthStartupRetries HealthStartupSuccess HealthStartupTimeout HealthTimeout
  HostName HttpProxy IP IP6 Image Label LogDriver LogOpt Mask Memory Mount Network NetworkAlias NoNewPrivileges Notify
  PidsLimit Pod PodmanArgs PublishPort Pull ReadOnly ReadOnlyTmpfs ReloadCmd ReloadSignal RemapGid RemapUid RemapUidSize RemapUsers Retry RetryDelay Rootfs RunInit
  SeccompProfile Secret SecurityLabelDisable SecurityLabelFileType SecurityLabelLevel SecurityLabelNested SecurityLabelType ServiceName ShmSize StartWithPod StopSignal StopTimeout SubGIDMap SubUIDMap Sysctl
  Timezone Tmpfs UIDMap Ulimit Unmask User UserNS VolatileTmp Volume WorkingDir`.split(/\s+/),
);

/** Quadlet booleans (unitfile.go LookupBoolean): 1/yes/true/on. */
export function quadletBoolean(value: string): boolean {
  return /^(1|yes|true|on)$/i.test(value.trim());
}
