#!/bin/sh
# /init of the kernel matrix's initramfs (busybox sh): mounts what the
# tool and the checks read, runs the checks, powers off. Everything the
# host reads is on the serial console between BKVM-BEGIN and BKVM-END.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /tmp /sys/fs/bpf
mount -t tmpfs tmpfs /tmp
mount -t bpf bpf /sys/fs/bpf
# the audit record of a change goes to syslog: /dev/log, kept in a file
syslogd -O /tmp/messages
echo "BKVM-BEGIN $(uname -r)"
sh /vm-checks.sh
echo "BKVM-END"
poweroff -f
