# bash completion for logstat(1): commands, each command's options, the values of
# --output, --format, --color, --inflater, --wait, --stale-state and --labels, and files.
# tests/test_completion.c runs _logstat on partial command lines and checks that every
# option of every command's --help is offered.

_logstat_options()
{
	case $1 in
	report)
		echo "--format --json-status --json-time --output --output-file --color --colour
			--width --threads --inflater
			--max-line --codes --by --top --status --state --dry-run --since --until
			--no-seek
			--fail-if --warning --critical --stale --stale-state --labels --help --version -F -o -j -h
			-V -f --follow" ;;
	merge)
		echo "--output --output-file --color --colour --width --codes --top --fail-if
			--warning --critical --help --version -o -h -V" ;;
	follow)
		echo "--follow --format --color --colour --max-line --codes --from-start
			--interval --no-ui --wait --listen --labels --help --version -f -F -h -V" ;;
	codes)
		echo "--output --color --colour --width --codes --official --unofficial --help
			--version -o -h -V" ;;
	explain)
		echo "--output --color --colour --width --codes --help --version -o -h -V" ;;
	esac
}

_logstat()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local commands="report follow merge codes explain help" cmd=report i
	if ((COMP_CWORD > 1)); then
		case ${COMP_WORDS[1]} in
		report | follow | merge | codes | explain | help) cmd=${COMP_WORDS[1]} ;;
		esac
	fi
	for ((i = 1; i < COMP_CWORD; i++)); do
		[[ ${COMP_WORDS[i]} == -- ]] && break
		[[ $cmd == report && ${COMP_WORDS[i]} == @(-f|--follow) ]] && cmd=follow
	done

	local values=
	case $prev in
	-o | --output)
		case $cmd in
		codes | explain) values="text json" ;;
		*) values="text json csv html summary prometheus nagios" ;;
		esac
		;;
	-F | --format)
		values="common combined vhost_combined combined_extra clf nginx w3c cloudfront alb elb
			haproxy s3 squid json"
		;;
	--color | --colour) values="auto always never" ;;
	--inflater) values="auto zlib isal" ;;
	--by) values="path request method client vhost user_agent referer input minute hour day" ;;
	--wait) values="inotify poll" ;;
	--stale-state) values="warning critical unknown" ;;
	--labels) values="vhost method vhost,method" ;;
	--codes | --state | --output-file)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return
		;;
	-j | --threads | --width | --json-status | --json-time | --max-line | --interval | \
		--top | --status | \
		--since | --until | --fail-if | \
		--warning | --critical | --stale | --listen)
		COMPREPLY=()
		return
		;;
	esac
	if [[ -n $values ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$values" -- "$cur")
		return
	fi

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$(_logstat_options "$cmd")" -- "$cur")
		return
	fi
	case $cmd in
	help)
		((COMP_CWORD == 2)) && mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
		return
		;;
	codes | explain)
		mapfile -t COMPREPLY < <(compgen -W "1xx 2xx 3xx 4xx 5xx" -- "$cur")
		return
		;;
	esac
	compopt -o filenames 2>/dev/null
	mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	if ((COMP_CWORD == 1)); then
		local c
		while read -r c; do COMPREPLY+=("$c"); done < <(compgen -W "$commands" -- "$cur")
	fi
}
complete -F _logstat logstat
