# Runs a shell's own completion on command lines, as a person pressing Tab
# would: an interactive bash or zsh in a pseudo-terminal (zsh's zpty), each
# line typed and completed with Tab, and the answers the completion
# function gave written to OUTDIR/1, OUTDIR/2, ... one per line.
#   zsh -f complete.zsh bash FILE|installed OUTDIR LINE...
#   zsh -f complete.zsh zsh DIR|installed OUTDIR LINE...
# FILE is a bash completion script, DIR a directory holding zsh's _bpfknobs;
# "installed" leaves finding bpfknobs' completion to the shell (bash-
# completion's loader, zsh's default fpath), as after installing a package.
# bash: the answers are COMPREPLY after bpfknobs' function ran (driven by
# readline, which splits the words). zsh: every match the completion system
# added, with the suffix it adds (compadd -S), through a wrapper of compadd.
zmodload zsh/zpty || { print -u2 "complete.zsh: zsh lacks the zpty module"; exit 1 }
shell=$1 from=$2 outdir=$3
shift 3

# The shell's environment is pinned; its answers depend on the current
# directory alone (the files offered).
env=(env -i HOME=/nonexistent TERM=dumb PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8)
case $shell in
bash)
	zpty -b sh "$env INPUTRC=/dev/null bash --norc --noprofile -i" || exit 1
	zpty -w sh '. /usr/share/bash-completion/bash_completion'
	if [[ $from == installed ]]; then
		zpty -w sh '__load_completion bpfknobs || echo "complete.zsh: bash-completion finds no completion for bpfknobs"'
	else
		zpty -w sh ". '$from'"
	fi
	# bpfknobs' own function, wrapped to write what it answers
	zpty -w sh 'bk_fn=$(complete -p bpfknobs | sed -n "s/.*-F \([^ ]*\) .*/\1/p")'
	zpty -w sh 'bk_capture() { "$bk_fn" "$@"; printf "%s\n" "${COMPREPLY[@]}" >"$OUT"; }'
	zpty -w sh 'complete -F bk_capture bpfknobs'
	;;
zsh)
	zpty -b sh "$env zsh -f -i" || exit 1
	[[ $from == installed ]] || zpty -w sh "fpath=('$from' \$fpath)"
	zpty -w sh 'autoload -Uz compinit && compinit -u -D'
	# no listing, menu or bell: Tab only completes; compadd writes each
	# match it adds (calls that only ask, -O -A -D, are left alone)
	zpty -w sh 'unsetopt auto_list auto_menu list_beep beep; bindkey "^I" complete-word'
	zpty -w sh 'compadd() {
		if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
		local -a bk_hits; local bk_suffix= bk_i
		for (( bk_i = 1; bk_i < $#; bk_i++ )); do
			[[ ${@[bk_i]} == -S ]] && bk_suffix=${@[bk_i+1]}
		done
		builtin compadd -A bk_hits "$@"
		(( $#bk_hits )) && print -rl -- ${^bk_hits}$bk_suffix >>$OUT
		builtin compadd "$@"
	}'
	;;
*)
	print -u2 "complete.zsh: bash or zsh, not '$shell'"
	exit 2
	;;
esac

# Waits for the prompt after the command typed last: "READY<n>> ", a text
# the typed command itself does not contain ("READY""<n>").
step=0
sync() {
	local seen
	step=$((step + 1))
	zpty -w sh "$1 PS1=\"READY\"\"$step> \""
	zpty -r sh seen "*READY$step> " >/dev/null
}
sync ''
n=0
for line in "$@"; do
	n=$((n + 1))
	: >$outdir/$n
	sync "OUT='$outdir/$n';"
	# Tab completes; Ctrl-U clears the line for the next command
	zpty -w -n sh "$line"$'\t\C-u'
done
sync ''
zpty -w sh 'exit'
zpty -d sh
