# fish completion for logstat(1): commands, each command's options and their values.

set -l commands report follow merge codes explain help
function __logstat_cmd
    set -l words (commandline -opc)
    if test (count $words) -ge 2; and contains -- $words[2] report follow merge codes explain help
        echo $words[2]
    else if contains -- -f $words; or contains -- --follow $words
        echo follow
    else
        echo report
    end
end
function __logstat_is
    contains -- (__logstat_cmd) $argv
end

complete -c logstat -n "not __fish_seen_subcommand_from $commands" -a "$commands" -d command
complete -c logstat -n "__fish_seen_subcommand_from help" -x -a "$commands"

complete -c logstat -s h -l help -d 'show the help of the command'
complete -c logstat -s V -l version -d 'show the version'
complete -c logstat -l color -x -a 'auto always never' -d 'when to color'
complete -c logstat -l colour -x -a 'auto always never' -d 'when to color'
complete -c logstat -l codes -r -F -d 'extra status-code definitions'

complete -c logstat -n '__logstat_is report follow' -s F -l format -x -a 'common combined vhost_combined combined_extra clf nginx w3c cloudfront alb elb haproxy s3 squid json' -d 'log format'
complete -c logstat -n '__logstat_is report merge' -s o -l output -x -a 'text json csv html summary prometheus nagios' -d 'output format'
complete -c logstat -n '__logstat_is codes explain' -s o -l output -x -a 'text json' -d 'output format'
complete -c logstat -n '__logstat_is report' -l json-status -x -d 'JSON lines: the key holding the status'
complete -c logstat -n '__logstat_is report' -l json-time -x -d 'JSON lines: the key holding the time'
complete -c logstat -n '__logstat_is report merge' -l output-file -r -F -d 'write the report to a file atomically'
complete -c logstat -n '__logstat_is report merge codes explain' -l width -x -d 'fit text to N columns'
complete -c logstat -n '__logstat_is report' -s j -l threads -x -d 'worker threads'
complete -c logstat -n '__logstat_is report' -l by -x -a 'path request method client vhost user_agent referer input minute hour day' -d 'a drill-down section by FIELD'
complete -c logstat -n '__logstat_is report merge' -l top -x -d 'rows per --by section'
complete -c logstat -n '__logstat_is report' -l status -x -d 'only requests with these codes'
complete -c logstat -n '__logstat_is report' -l inflater -x -a 'auto zlib isal' -d 'gzip inflater'
complete -c logstat -n '__logstat_is report follow' -l max-line -x -d 'longest line parsed'
complete -c logstat -n '__logstat_is report' -l state -r -F -d 'read only what is new since the last run'
complete -c logstat -n '__logstat_is report' -l dry-run -d 'leave the state file as it is'
complete -c logstat -n '__logstat_is report' -l since -x -d 'count requests at or after TIME'
complete -c logstat -n '__logstat_is report' -l until -x -d 'count requests before TIME'
complete -c logstat -n '__logstat_is report' -l no-seek -d 'with --since/--until, read the whole file'
complete -c logstat -n '__logstat_is report merge' -l fail-if -x -d 'exit 1 when EXPR holds'
complete -c logstat -n '__logstat_is report merge' -l warning -x -d 'Nagios WARNING when EXPR holds'
complete -c logstat -n '__logstat_is report merge' -l critical -x -d 'Nagios CRITICAL when EXPR holds'
complete -c logstat -n '__logstat_is report' -l stale -x -d 'Nagios problem when the newest line is older than DURATION'
complete -c logstat -n '__logstat_is report' -l stale-state -x -a 'warning critical unknown' -d 'the state --stale gives'
complete -c logstat -n '__logstat_is report' -l labels -x -a 'vhost method vhost,method' -d 'extra labels of the requests in -o prometheus'
complete -c logstat -n '__logstat_is report follow' -s f -l follow -d 'follow logs live'
complete -c logstat -n '__logstat_is follow' -l from-start -d 'count what the files already hold'
complete -c logstat -n '__logstat_is follow' -l interval -x -d 'refresh period in ms'
complete -c logstat -n '__logstat_is follow' -l no-ui -d 'one line per interval'
complete -c logstat -n '__logstat_is follow' -l wait -x -a 'inotify poll' -d 'how to wait for changes'
complete -c logstat -n '__logstat_is follow' -l listen -x -d 'serve Prometheus metrics at ADDR:PORT'
complete -c logstat -n '__logstat_is follow' -l labels -x -a 'vhost method vhost,method' -d 'extra labels of the exported requests'
complete -c logstat -n '__logstat_is codes' -l official -d 'only IANA-registered codes'
complete -c logstat -n '__logstat_is codes' -l unofficial -d 'only vendor and informal codes'
