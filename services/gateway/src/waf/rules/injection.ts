import { detectSqli } from '../sqli';
import { detectXss } from '../xss';
import { ARGS, ARGS_AND_PATH, CRITICAL, ERROR, NOTICE, WARNING, type ValueRule } from './types';

/*
 * Regex safety: every pattern below is linear in its input. No quantified group contains another
 * quantifier, and no two adjacent quantified parts can match the same character (checked by
 * waf/rules/rules.spec.ts, which also times each rule on hostile inputs). Word lists are plain
 * alternations between word boundaries.
 */

const UNIX_COMMANDS =
  'cat|tac|nl|head|tail|more|less|ls|dir|id|whoami|uname|wget|curl|nc|ncat|netcat|socat|telnet|ssh|scp|sftp|ftp|tftp|' +
  'bash|sh|zsh|ksh|csh|tcsh|dash|ash|busybox|python[23]?|perl|ruby|php[57]?|node|nodejs|lua|tclsh|wish|expect|java|' +
  'nmap|ping|traceroute|dig|nslookup|host|ifconfig|ip|netstat|ss|route|arp|chmod|chown|chgrp|rm|mv|cp|dd|ln|mkdir|' +
  'rmdir|touch|echo|printf|env|printenv|export|sudo|su|kill|killall|pkill|ps|top|pgrep|find|locate|grep|egrep|fgrep|' +
  'awk|gawk|mawk|nawk|sed|od|xxd|hexdump|strings|base32|base64|openssl|crontab|nohup|passwd|useradd|usermod|' +
  'groupadd|shutdown|reboot|halt|poweroff|systemctl|mount|umount|uptime|hostname|lsof|strace|gdb|vi|vim|' +
  'nano|ed|emacs|tar|zip|unzip|gzip|gunzip|bzip2|xz|7z|cpio|rsync|lynx|links|w3m|aria2c|xargs|tee|sort|uniq|cut|tr|' +
  'wc|diff|cmp|file|stat|readlink|realpath|which|whereis|sleep|exec|eval|source|alias|' +
  'history|unset|declare|getent|finger|last|lastlog|who|w|df|du|free|fdisk|mkfs|iptables|nft|tcpdump|tshark|' +
  'ncrack|hydra|john|hashcat|msfconsole|msfvenom|sqlmap|nikto|gcc|cc|make|chattr|lsattr|setfacl|getfacl|visudo|' +
  'screen|tmux|script|runuser|pkexec|doas|at|batch|watch|nice|ionice|bzcat|zcat|xzcat|zgrep|zless|zmore|dmesg|' +
  'journalctl|ldd|ldconfig|ltrace|objdump|readelf|uuencode|uudecode|jq|yq|pip|npm|gem|apt|apt-get|yum|dnf|apk|' +
  'rpm|dpkg|git|svn|docker|kubectl|podman|chroot|nsenter|unshare|setsid|disown|jobs|fg|bg|wall|write|mail|sendmail|' +
  'mutt|base|basenc|shuf|fold|fmt|paste|join|comm|split|csplit|expand|unexpand|column|rev|look|pr|iconv|truncate|' +
  'shred|wipe|install|mktemp|tempfile|sync|dmidecode|lspci|lsusb|lsblk|blkid|sysctl|modprobe|insmod|rmmod|lsmod';

const WINDOWS_COMMANDS =
  'cmd|cmd\\.exe|powershell|powershell\\.exe|pwsh|certutil|bitsadmin|mshta|rundll32|regsvr32|wmic|wscript|cscript|' +
  'ipconfig|systeminfo|tasklist|taskkill|net|net1|netsh|reg|sc|schtasks|whoami|nltest|dsquery|vssadmin|wevtutil|' +
  'bcdedit|icacls|cacls|takeown|attrib|copy|xcopy|robocopy|del|erase|rd|rmdir|ren|move|findstr|forfiles|msiexec|' +
  'msbuild|installutil|regasm|regsvcs|odbcconf|cmstp|hh|infdefaultinstall|control|explorer|start|shutdown|ping|' +
  'nslookup|tracert|route|arp|ftp|tftp|telnet|curl|wget|type|more|echo|set|ver|vol|tree|dir|runas|at';

const SEP = '(?:[;|&\\n\\r`]|\\$\\(|<\\(|>\\()';

function words(list: string): string {
  return `(?:${list})`;
}

/** Unix command after a shell separator (`; cat /etc/passwd`, `| id`, `` `uname -a` ``, `$(whoami)`). */
const UNIX_AFTER_SEPARATOR = new RegExp(
  `${SEP} ?(?:sudo |nohup |env |time |exec |command |builtin )?(?:(?:/usr)?(?:/local)?/s?bin/)?${words(UNIX_COMMANDS)}(?:$|[\\s<>;|&\`)}]|\\$\\{?ifs)`,
);
/** A command alone with typical arguments (`cat /etc/passwd`, `wget http://…`, `nc -e /bin/sh`). */
const UNIX_WITH_ARGS = new RegExp(
  `(?:^|\\s)(?:(?:/usr)?(?:/local)?/s?bin/)?${words(UNIX_COMMANDS)} (?:-[a-z0-9]{1,8} )?(?:/(?:etc|bin|usr|tmp|var|dev|proc|root|home|opt|sbin)\\b|https?://|ftp://|[a-z0-9.-]{1,64}\\s?[|;&<>])`,
);
const WINDOWS_AFTER_SEPARATOR = new RegExp(`(?:[;|&]|\\$\\() ?${words(WINDOWS_COMMANDS)}(?:$|[\\s/<>;|&])`);
const UNIX_PATHS =
  /(?:^|[\s;|&`'"=(<>])\/?(?:(?:usr\/)?(?:local\/)?s?bin\/(?:ba|z|k|c|tc|da)?sh|etc\/(?:passwd|shadow|group|hosts|issue|crontab|sudoers|hostname|resolv\.conf|motd)|dev\/(?:tcp|udp)\/|proc\/self\/|bin\/(?:busybox|nc|netcat|python|perl|ruby))/;

const PHP_FUNCTIONS =
  'exec|system|passthru|shell_exec|popen|proc_open|pcntl_exec|eval|assert|create_function|preg_replace|call_user_func|' +
  'call_user_func_array|file_get_contents|file_put_contents|fopen|fwrite|fputs|readfile|include|include_once|require|' +
  'require_once|base64_decode|gzinflate|gzuncompress|str_rot13|phpinfo|unserialize|serialize|highlight_file|show_source|' +
  'posix_getpwuid|posix_kill|posix_setuid|proc_nice|dl|symlink|chmod|chown|mkdir|rmdir|unlink|rename|copy|move_uploaded_file|' +
  'curl_exec|curl_init|fsockopen|pfsockopen|stream_socket_client|mail|putenv|ini_set|ini_get|set_time_limit|ignore_user_abort|' +
  'get_defined_vars|getenv|array_map|array_filter|usort|uasort|register_shutdown_function|register_tick_function|' +
  'ob_start|extract|parse_str|var_dump|print_r|var_export|debug_zval_dump|scandir|glob|opendir|readdir|file|fread|' +
  'fgets|stream_get_contents|convert_uudecode|hex2bin|bin2hex|chr|ord|strrev|md5|sha1|crc32|openssl_decrypt|mcrypt_decrypt|' +
  'escapeshellarg|escapeshellcmd|header|setcookie|session_start|iterator_apply|array_walk|forward_static_call|' +
  'func_get_args|get_class_methods|method_exists|reflectionfunction|invoke|invokeargs|newinstance|phpversion|php_uname|' +
  'getcwd|chdir|is_writable|is_readable|file_exists|touch|tempnam|tmpfile|disk_free_space|posix_uname|apache_setenv';

const JAVA_CLASS_PREFIXES =
  /\b(?:java\.(?:lang|io|net|nio|util|beans|rmi|security|sql)\.|javax\.(?:script|naming|management|xml|el|faces|servlet)\.|com\.sun\.|sun\.(?:misc|reflect|rmi|net|nio)\.|org\.apache\.(?:commons|xalan|xbean|tomcat|catalina|struts2?|velocity|naming|log4j|logging|wicket|myfaces|batik|bcel|ibatis|shiro|jasper|xerces|axis2?)\b|org\.springframework\.|org\.codehaus\.groovy|org\.hibernate\.|org\.mozilla\.javascript|org\.python\.|bsh\.|groovy\.|ognl\.|com\.opensymphony\.|freemarker\.|org\.jboss\.|org\.eclipse\.jetty|com\.mchange\.|com\.alibaba\.fastjson|com\.fasterxml\.jackson|org\.yaml\.snakeyaml|weblogic\.|oracle\.|com\.ibm\.|net\.sf\.json|jdk\.|clojure\.|org\.mvel2|com\.thoughtworks\.xstream)/;

export const INJECTION_RULES: readonly ValueRule[] = [
  // ---- 913 scanner detection
  {
    id: 913100, group: 'scanner', pl: 1, score: CRITICAL, msg: 'security scanner user agent', kinds: ['header'], headers: /^header\.user-agent$/, pipeline: 'lower',
    test: /\b(?:nikto|sqlmap|nmap|masscan|zgrab|nessus|openvas|acunetix|netsparker|w3af|wpscan|dirbuster|gobuster|dirb|wfuzz|ffuf|nuclei|arachni|skipfish|havij|jbrofuzz|paros|webinspect|appscan|qualys|brutus|hydra|medusa|whatweb|fimap|grabber|commix|xsser|bsqlbf|sqlninja|pangolin|webshag|nsauditor|metis|teh forest lobster|morfeus|zmeu|floodgate|blackwidow|brutus|crimscanner|mysqloit|netlab360|httpdomainscan|jorgee|gootkit|struts-pwn|mozilla\/5\.0 sf|muieblackcat|nasl|cgichk|webtrends security analyzer|internet ninja|pmafind|absinthe|nstealth|webvulnscan|webvulncrawl|\.nasl|x-scan|dotdotpwn|domino hunter|bilbo|n-stealth|syhunt|webbandit|webfuzzer|autogetcontent|ecairn-grabber|prowebwalker|cgichk|mysqloit|sysscan|zeus|advanced email extractor|datacha0s|crowdstrike|fhscan|email extractor|mapcv|security scan|pmafind|visionutils|jaascois|clshttp|webwasher|indy library|bfac)\b/,
  },
  // ---- 930 local file inclusion / path traversal
  {
    id: 930100, group: 'lfi', pl: 1, score: CRITICAL, msg: 'path traversal (encoded dot-dot)', kinds: ['uri', 'header', 'arg', 'argName', 'cookie'], pipeline: 'lower',
    test: /(?:%(?:c0%ae|e0%80%ae|f0%80%80%ae|25(?:2e|c0%ae)|c1%9c|c0%af|c1%1c|c1%8s|u2216|u002e|uff0e|u2215|u2216)|0x2e){2}|%2e%2e(?:%2f|%5c|\/|\\)|\.\.%(?:2f|5c|c0%af|c1%9c|u2215|u2216|255c|252f)|%252e%252e|\.%00\.|\.\.%00/,
  },
  {
    id: 930110, group: 'lfi', pl: 1, score: CRITICAL, msg: 'path traversal', kinds: ['uri', 'header', 'arg', 'argName', 'cookie', 'file'], pipeline: 'std',
    needs: ['..'],
    test: /^\.{2,3}[\\/;]|\.{2,3}[\\/;]\.{2,3}|[\\/;]\.{2,3}(?:[;"'\s]|$)|[=;:(]\.{2,3}[\\/;]/,
  },
  {
    id: 930120, group: 'lfi', pl: 1, score: CRITICAL, msg: 'OS file access', kinds: ARGS, pipeline: 'std', skipProse: true,
    test: /(?:^|[\\/\s"'=:;(|])(?:etc[\\/](?:passwd|shadow|group|gshadow|hosts|issue|motd|sudoers|crontab|fstab|mtab|inittab|resolv\.conf|hostname|security[\\/]|ssh[\\/]|mysql[\\/]|apache2?[\\/]|httpd[\\/]|nginx[\\/]|php[\\/\d]|profile|bashrc|environment|network[\\/]|sysconfig[\\/]|pam\.d|ld\.so|master\.passwd|pwd\.db|spwd\.db|os-release|lsb-release|redhat-release|debian_version|init\.d|rc\.d|cron\.d|shells|aliases|exports|my\.cnf|hosts\.(?:allow|deny))|proc[\\/](?:self|\d{1,6})[\\/](?:environ|cmdline|fd|maps|mem|status|cwd|exe|root|mounts)|proc[\\/](?:version|cpuinfo|meminfo|net[\\/]|sched_debug|mounts|partitions|kcore)|var[\\/](?:log[\\/](?:auth\.log|secure|lastlog|wtmp|btmp|utmp)|lib[\\/]mysql|www[\\/]|run[\\/]secrets|mail[\\/]|spool[\\/]cron)|root[\\/]\.(?:ssh|bash_history|bashrc|profile)|home[\\/][^\\/]{1,64}[\\/]\.(?:ssh|bash_history|bashrc|profile|aws|git)|\.ssh[\\/](?:id_rsa|id_dsa|id_ecdsa|id_ed25519|authorized_keys|known_hosts)|\.(?:htaccess|htpasswd|bash_history|bash_profile|bashrc|zsh_history|mysql_history|psql_history|viminfo|netrc|pgpass|git-credentials|npmrc|dockercfg|aws[\\/]credentials|kube[\\/]config|docker[\\/]config)|(?:windows|winnt)[\\/](?:win\.ini|system\.ini|system32|repair|debug|panther|php\.ini)|boot\.ini|win\.ini|system32[\\/]|(?:inetpub|wwwroot)[\\/]|web-inf[\\/]|meta-inf[\\/]|usr[\\/](?:local[\\/])?(?:etc|apache|lib[\\/]php)|(?:c|d):[\\/](?:windows|winnt|boot|inetpub|program files))/,
  },
  {
    id: 930130, group: 'lfi', pl: 1, score: CRITICAL, msg: 'restricted file access', kinds: ['path'], pipeline: 'path',
    test: /(?:^|\/)(?:\.(?:claude|cursor|continue|aider|windsurf|codeium|github\/copilot|git|svn|hg|bzr|cvs|env|htaccess|htpasswd|htdigest|ds_store|aws|ssh|docker|kube|npmrc|bash_history|idea|vscode|gitignore|gitconfig|well-known\/security\.txt\.bak)|web\.config|wp-config\.php|config\.php\.bak|localsettings\.php|composer\.(?:json|lock)|package-lock\.json|yarn\.lock|docker-compose\.ya?ml|dockerfile|phpinfo\.php|server-status|server-info|web-inf|meta-inf|\.env\.[a-z]{1,12}|id_rsa|authorized_keys|database\.yml|secrets\.ya?ml|settings\.py|\.user\.ini|php\.ini|httpd\.conf|nginx\.conf|\.travis\.yml|gruntfile\.js|gulpfile\.js|webpack\.config\.js|credentials\.xml|appsettings\.json)(?:$|\/|\.)/,
  },
  {
    id: 930140, group: 'lfi', pl: 1, score: CRITICAL, msg: 'file URI scheme', kinds: ARGS, pipeline: 'std',
    test: /(?:^|[\s"'=(])file:\/{1,3}[a-z]?/,
  },
  // ---- 931 remote file inclusion
  {
    id: 931100, group: 'rfi', pl: 1, score: CRITICAL, msg: 'URL with an IP address', kinds: ARGS, pipeline: 'lower',
    // loopback addresses are left out: OIDC issuers and redirect URIs of local setups use them legitimately
    test: /^(?:file|ftps?|https?):\/\/(?:(?!127\.)\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[(?!::1\])[0-9a-f:]{2,39}\])/,
  },
  {
    id: 931110, group: 'rfi', pl: 1, score: CRITICAL, msg: 'common RFI parameter', kinds: ['uri', 'arg'], pipeline: 'lower',
    test: /(?:\binclude(?:_once)?|\brequire(?:_once)?|mosconfig_[a-z_]{1,21}|pathtoroot|path_to_root|_(?:path|dir|root|base|folder)|\binc(?:lude)?dir|\bdocument_root|root_path|cfg\[[a-z_]{1,32}\]|\bbase_?dir|\bphpbb_root_path|\bsrc_?path)\s*=\s*(?:file|ftps?|https?):\/\//,
  },
  {
    id: 931120, group: 'rfi', pl: 1, score: CRITICAL, msg: 'URL ending with question mark', kinds: ARGS, pipeline: 'lower',
    test: /^(?:file|ftps?|https?):\/\/[^?\s]{1,2048}\?+$/,
  },
  // ---- 932 remote command execution
  { id: 932230, group: 'rce', pl: 1, score: CRITICAL, msg: 'Unix command injection', kinds: ['arg', 'cookie', 'path'], pipeline: 'cmd', skipProse: true, test: UNIX_AFTER_SEPARATOR },
  { id: 932235, group: 'rce', pl: 1, score: CRITICAL, msg: 'Unix command with arguments', kinds: ARGS, pipeline: 'cmd', skipProse: true, test: UNIX_WITH_ARGS },
  {
    id: 932236, group: 'rce', pl: 1, score: CRITICAL, msg: 'command chained at the start of a value', kinds: ['arg', 'cookie'], pipeline: 'cmd',
    test: /^\s{0,8}(?:;|\|\|?(?![^\n]{0,200}\|\s*(?:\n|$))|&&?|\n|\$\(|`)\s{0,8}(?:\/|\.\/|[a-z][\w.+-]{0,40}(?:\s|$|[;|&<>]))/,
  },
  { id: 932110, group: 'rce', pl: 1, score: CRITICAL, msg: 'Windows command injection', kinds: ARGS, pipeline: 'cmd', skipProse: true, test: WINDOWS_AFTER_SEPARATOR },
  { id: 932160, group: 'rce', pl: 1, score: CRITICAL, msg: 'Unix shell code', kinds: ARGS, pipeline: 'cmd', test: UNIX_PATHS },
  {
    id: 932130, group: 'rce', pl: 1, score: CRITICAL, msg: 'Unix shell expression', kinds: ['arg', 'argName', 'cookie', 'path'], pipeline: 'std', skipProse: true,
    test: new RegExp(
      `\\$\\(\\s*(?:${words(UNIX_COMMANDS)}\\b|[/.$]|\\()|\\$\\{(?:ifs|path|home|shell|ps1|!|#|@)|\\$\\{[a-z_]{1,32}(?::-?\\d|:[-=?+]|\\/\\/|%%?|##?|\\^)|\`\\s*(?:${words(UNIX_COMMANDS)})\\b[^\`]{0,128}(?:[;|&<>$]|\\/(?:etc|bin|tmp|dev|proc|usr)\\b|\`\\s*$)|<\\([^)]{1,256}\\)|>\\([^)]{1,256}\\)|\\/(?:\\?|\\*)[?*/a-z]{0,16}\\/(?:\\?|\\*)|\\/[a-z]{0,8}\\[[a-z?*]{1,8}\\][a-z]{0,8}\\/|\\/etc\\/[a-z]{0,8}(?:\\[|\\?|\\*)`,
    ),
  },
  {
    id: 932170, group: 'rce', pl: 1, score: CRITICAL, msg: 'Shellshock', kinds: ['header', 'arg', 'uri'], pipeline: 'std',
    test: /^\s*\(\s*\)\s*\{/,
  },
  {
    id: 932120, group: 'rce', pl: 1, score: CRITICAL, msg: 'PowerShell command', kinds: ARGS, pipeline: 'cmd',
    test: /\b(?:invoke-(?:expression|webrequest|command|item|restmethod|wmimethod|shellcode|mimikatz)|iex\s*\(|new-object\s+(?:-?com(?:object)?\s+)?(?:system\.)?net\.webclient|downloadstring|downloadfile|start-process|get-(?:process|service|childitem|content|wmiobject|credential|itemproperty)|set-(?:content|itemproperty|executionpolicy)|remove-item|-(?:encodedcommand|enc|executionpolicy|noprofile|windowstyle)\s|\[system\.(?:convert|text\.encoding|reflection|diagnostics)|frombase64string|\$env:[a-z]|\bpowershell(?:\.exe)?\s)/,
  },
  {
    id: 932140, group: 'rce', pl: 1, score: CRITICAL, msg: 'Windows FOR/IF command', kinds: ARGS, pipeline: 'lower',
    test: /\b(?:for\s{1,8}(?:\/[a-z]{1,2}[^%]{0,64})?%{1,2}[a-z]\w{0,32}\s{1,8}in\s{0,8}\(|if(?:\/i)?(?:\s+not)?\s+(?:exist\b|defined\b|errorlevel\b|cmdextversion\b|(?:[\d"'(]|%[a-z]))|%comspec%|%systemroot%|%windir%|%temp%|%userprofile%|%appdata%|%programfiles%|%path%|%computername%|%username%)/,
  },
  {
    id: 932180, group: 'rce', pl: 1, score: CRITICAL, msg: 'restricted file upload', kinds: ['file', 'header'], headers: /^header\.(?:x-filename|x-file-name|x_filename|x-file)$/, pipeline: 'lower',
    test: /(?:^|[\\/])(?:\.htaccess|\.htdigest|\.htpasswd|\.user\.ini|web\.config|php\.ini|\.bashrc|\.profile|\.bash_profile|\.git|\.env|\.ssh|authorized_keys)$/,
  },
  {
    id: 932200, group: 'rce', pl: 1, score: CRITICAL, msg: 'shell bypass technique', kinds: ARGS, pipeline: 'std',
    test: /(?:\$\{?ifs\}?|\$@|\$\{[^}]{0,30}:-?[^}]{0,30}\}|\$\d\b|\\\n)[a-z/]|[a-z]\$@[a-z]|[a-z]''[a-z]|[a-z]""[a-z]|\/\?\?\?\/|\/[a-z]\?[a-z]\//,
  },
  // ---- 933 PHP
  {
    id: 933100, group: 'php', pl: 1, score: CRITICAL, msg: 'PHP open tag', kinds: ARGS, pipeline: 'lower',
    test: /<\?(?:php|=|\s|$)|<\?(?!xml)[a-z]|\[[/\\]?php\]|<script\s+language\s*=\s*["']?php/,
  },
  {
    id: 933110, group: 'php', pl: 1, score: CRITICAL, msg: 'PHP script upload', kinds: ['file', 'header'], headers: /^header\.(?:x-filename|x-file-name|x_filename|x-file)$/, pipeline: 'lower',
    test: /\.(?:php\d?|phtml|pht|phar|phps|inc|shtml|pl|cgi|jsp|jspx|asp|aspx|sh)\.?(?:$|[\s;])/,
  },
  {
    id: 933120, group: 'php', pl: 1, score: CRITICAL, msg: 'PHP configuration directive', kinds: ARGS, pipeline: 'std',
    test: /\b(?:allow_url_(?:include|fopen)|auto_(?:prepend|append)_file|disable_functions|open_basedir|safe_mode|register_globals|enable_dl|file_uploads|display_errors|error_log|include_path|magic_quotes_gpc|suhosin\.[a-z_.]{1,40}|short_open_tag|expose_php|upload_tmp_dir|session\.save_path|mail\.add_x_header|sendmail_path|zend_extension|extension_dir|memory_limit|max_execution_time|assert\.active|xdebug\.[a-z_]{1,30}|opcache\.[a-z_]{1,30}|phar\.readonly|user_ini\.filename|cgi\.force_redirect|doc_root|output_handler)\s*=/,
  },
  {
    id: 933130, group: 'php', pl: 1, score: CRITICAL, msg: 'PHP superglobal', kinds: ARGS, pipeline: 'std',
    test: /\$(?:_(?:get|post|cookie|files|env|request|server|session)\b|globals\b|http_(?:get|post|cookie|env|server|session|raw_post_data|response_header)_vars\b|argv\b|argc\b|php_self\b)/,
  },
  {
    id: 933140, group: 'php', pl: 1, score: CRITICAL, msg: 'PHP I/O stream', kinds: ARGS, pipeline: 'std',
    test: /\bphp:\/\/(?:std(?:in|out|err)|(?:in|out)put|fd|memory|temp|filter)/,
  },
  {
    id: 933200, group: 'php', pl: 1, score: CRITICAL, msg: 'PHP wrapper scheme', kinds: ARGS, pipeline: 'std',
    test: /\b(?:zlib|glob|phar|ssh2(?:\.[a-z]{1,8})?|rar|ogg|expect|zip|compress\.(?:zlib|bzip2)|data|php):\/\//,
  },
  {
    id: 933150, group: 'php', pl: 1, score: CRITICAL, msg: 'PHP high-risk function name', kinds: ARGS, pipeline: 'std',
    test: /^@?(?:exec|system|passthru|shell_exec|bzdecompress|gzdecode|gzuncompress|popen|proc_open|pcntl_exec|eval|assert|create_function|phpinfo|base64_decode|gzinflate|str_rot13|file_get_contents|file_put_contents|fsockopen|readfile|show_source|highlight_file|posix_getpwuid|proc_nice|call_user_func|call_user_func_array|preg_replace|unserialize|move_uploaded_file|get_defined_vars|ini_set|putenv|symlink|chmod|curl_exec|escapeshellcmd|phpversion|php_uname)(?:\s{0,8}\(.{0,256}\))?$/,
  },
  {
    id: 933160, group: 'php', pl: 1, score: CRITICAL, msg: 'PHP function call', kinds: ARGS, pipeline: 'compact',
    needs: ['('],
    test: new RegExp(`(?:^|[^a-z0-9_>.-])@?(?:${PHP_FUNCTIONS})\\((?!\\))`),
  },
  {
    id: 933170, group: 'php', pl: 1, score: CRITICAL, msg: 'PHP serialized object', kinds: ['arg', 'argName', 'cookie', 'header'], pipeline: 'raw',
    test: /[oc]:\d{1,5}:"[a-z_\\][\w\\]{0,200}":\d{1,5}:\{|\b(?:a|s|i|b|d):\d{1,9}:[{"\d;]/i,
  },
  {
    id: 933180, group: 'php', pl: 1, score: CRITICAL, msg: 'PHP variable function call', kinds: ARGS, pipeline: 'compact',
    test: /\$+(?:[a-z_\x7f-\xff][\w\x7f-\xff]{0,64}|\{[^}]{1,64}\})(?:\[[^\]]{0,64}\]|\{[^}]{0,64}\}){0,4}\(|\$\{.{0,64}\}\(|\b(?:['"][^'"]{1,64}['"]|\([^)]{1,64}\))(?:\[[^\]]{0,64}\]){0,4}\(/,
  },
  {
    id: 933210, group: 'php', pl: 1, score: CRITICAL, msg: 'PHP obfuscated function call', kinds: ARGS, pipeline: 'compact',
    test: /(?:\((?:\.?['"][\w\x7f-\xff.$]{0,64}['"])\)|['"][a-z_\x7f-\xff][\w\x7f-\xff]{0,64}['"]\.['"][\w\x7f-\xff]{0,64}['"])\(|\)\(['"$]|\b[a-z_]{2,64}\\x[0-9a-f]{2}/,
  },
  // ---- 934 Node.js, prototype pollution, SSRF, other languages
  {
    id: 934100, group: 'node', pl: 1, score: CRITICAL, msg: 'Node.js injection', kinds: ARGS, pipeline: 'std',
    test: /_\$\$nd_func\$\$_|__js_function|\beval\s*\(|\bstring\.fromcharcode|\bfunction\s*\(\s*\)\s*\{|\bnew\s+function\s*\(|\bthis\.constructor|\bmodule\.exports\s*=|\bchild_process\b|\bprocess\.(?:mainmodule|binding|env|kill|exit|dlopen)|\brequire\s*\(\s*['"`](?:child_process|fs|net|http|vm|os|process|cluster|dgram)|\bglobal\.process\b|\bconstructor\s*\(\s*['"`]return|\bexecsync\b|\bspawnsync\b|\.exec\s*\(\s*['"`]/,
  },
  {
    id: 934130, group: 'node', pl: 1, score: CRITICAL, msg: 'prototype pollution', kinds: ['arg', 'argName', 'cookie', 'cookieName', 'uri'], pipeline: 'std',
    test: /__proto__|\bconstructor\s*(?:\.|\[\s*['"]?)\s*prototype\b/,
  },
  {
    id: 934110, group: 'ssrf', pl: 1, score: CRITICAL, msg: 'SSRF: cloud metadata address', kinds: ARGS, pipeline: 'std',
    test: /\b(?:169\.254\.169\.254|169\.254\.170\.2|fd00:ec2::254|metadata\.google\.internal|metadata\.azure\.com|100\.100\.100\.200|metadata\.packet\.net|metadata\.tencentyun\.com|instance-data|metadata\.oraclecloud\.com|192\.0\.0\.192|alibaba\.metadata)|\b0x[a9]9fea9fe\b|\b2852039166\b|0251\.0376\.0251\.0376|\/latest\/meta-data\b|\/computemetadata\/v1/,
  },
  {
    id: 934120, group: 'ssrf', pl: 1, score: CRITICAL, msg: 'SSRF: obfuscated address', kinds: ARGS, pipeline: 'std',
    test: /\b(?:https?|ftp|gopher|dict|ldap|sftp|tftp|file|jar|netdoc|ssh|smb|redis|mysql):\/\/(?:\[(?:::|[0-9a-f:]{0,39}(?:ffff|127|::1))[^\]]{0,40}\]|0x[0-9a-f]{1,8}\b|0[0-7]{3,}\b|\d{8,10}\b|(?:\d{1,3}\.){1,2}\d{4,}|0{1,4}(?:\.0{1,4}){0,3}(?:[/:]|$)|[^/@\s]{1,128}@(?:127\.|localhost|0x|\[))|\b(?:gopher|dict|ldap|jar|netdoc|tftp):\/\//,
  },
  {
    id: 934140, group: 'other', pl: 1, score: CRITICAL, msg: 'Perl injection', kinds: ARGS, pipeline: 'std',
    test: /@+\{\[|\bperl\s+-e\b|\bqx\s*[{(/|]|\bsystem\s*\(\s*qq/,
  },
  {
    id: 934150, group: 'other', pl: 1, score: CRITICAL, msg: 'Ruby injection', kinds: ARGS, pipeline: 'std',
    test: /\b(?:process\.spawn|kernel\.(?:exec|system|spawn|open|eval)|io\.popen|open3\.(?:popen3|capture[23e]?)|\.instance_eval|\.class_eval|\.send\s*\(\s*:(?:system|eval|exec)|%x\{|\bsyscall\s*\()/,
  },
  {
    id: 934160, group: 'node', pl: 1, score: CRITICAL, msg: 'Node.js denial of service', kinds: ARGS, pipeline: 'compact',
    test: /while\((?:true|1|!0|!false)\)|for\(;;\)|do\{.{0,64}\}while\((?:true|1)\)|\.repeat\((?:\d{7,}|infinity)\)|array\((?:\d{8,}|infinity)\)/,
  },
  {
    id: 934170, group: 'php', pl: 1, score: CRITICAL, msg: 'PHP data scheme', kinds: ARGS, pipeline: 'std',
    test: /^data:(?:[a-z]{1,20}\/[a-z0-9.+-]{1,40})?(?:;[a-z0-9=-]{1,40}){0,4}[;,]/,
  },
  // ---- 941 XSS
  {
    id: 941100, group: 'xss', pl: 1, score: CRITICAL, msg: 'XSS (HTML tokenizer)', kinds: ['arg', 'argName', 'cookie', 'cookieName', 'path', 'header'], headers: /^header\.(?:user-agent|referer)$/, pipeline: 'std',
    test: (v) => detectXss(v) !== undefined,
  },
  {
    id: 941180, group: 'xss', pl: 1, score: CRITICAL, msg: 'XSS: DOM sink', kinds: ARGS, pipeline: 'compact',
    test: /document\.(?:cookie|write|domain|location)|\.(?:innerhtml|outerhtml|parentnode|insertadjacenthtml)\b|window\.(?:location|open|eval)|location\.(?:href|hash|replace)\s*=|-moz-binding/,
  },
  {
    id: 941390, group: 'xss', pl: 1, score: CRITICAL, msg: 'XSS: JavaScript method call', kinds: ARGS, pipeline: 'compact',
    test: /\b(?:alert|prompt|confirm|eval|settimeout|setinterval|execscript|fromcharcode|atob|import)\s*(?:\(|`)|\bfunction\s*\(\s*\)|=>\s*\{|\bnew\s+function\b|\b(?:top|self|parent|window|frames|globalthis|this)\s*\[\s*['"`]/,
  },
  {
    id: 941380, group: 'xss', pl: 1, score: CRITICAL, msg: 'AngularJS template injection', kinds: ARGS, pipeline: 'std',
    test: /\{\{.{0,128}(?:constructor|\$eval|\$on|\$parse|tostring|valueof|alert|\[\s*['"]).{0,128}\}\}/,
  },
  {
    id: 941130, group: 'xss', pl: 1, score: CRITICAL, msg: 'XSS: script-capable attribute', kinds: ARGS, pipeline: 'std',
    test: /\b(?:xlink:href|formaction|xmlns:xlink|xmlns\s*=\s*["']?http:\/\/www\.w3\.org\/(?:1999\/xhtml|2000\/svg)|srcdoc|xhtml|ev:event|dynsrc|lowsrc|seeksegmenttime|\bpattern\s*=\s*[^\s>]{0,256}\(|data:text\/html|!entity)\b/,
  },
  {
    id: 941310, group: 'xss', pl: 1, score: CRITICAL, msg: 'XSS: US-ASCII malformed encoding', kinds: ARGS, pipeline: 'raw',
    test: /\xbc[^\xbe>]{0,64}[\xbe>]|<[^\xbe]{0,64}\xbe/,
  },
  // ---- 942 SQL injection
  {
    id: 942100, group: 'sqli', pl: 1, score: CRITICAL, msg: 'SQL injection (SQL tokenizer)', kinds: ['arg', 'argName', 'cookie', 'cookieName', 'header', 'path'], headers: /^header\.(?:user-agent|referer|x-forwarded-for)$/, pipeline: 'std',
    test: (v) => detectSqli(v) !== undefined,
  },
  {
    id: 942140, group: 'sqli', pl: 1, score: CRITICAL, msg: 'SQL injection: database names', kinds: ARGS, pipeline: 'std',
    test: /\b(?:information_schema|mysql\.(?:user|db|host)|performance_schema|sys\.(?:schema_|user_summary|x\$)|pg_(?:catalog|shadow|user|group|database|tables|roles|namedatalen|stat_activity)|sqlite_(?:master|schema|temp_master)|msysaccessobjects|msysqueries|msysobjects|msysrelationships|sysobjects|syscolumns|sysusers|sys\.(?:objects|tables|columns|databases|sql_logins|server_principals)|master\.\.sys|master\.dbo|msdb\.dbo|tempdb\.|all_(?:tables|users|tab_columns)|user_(?:tables|objects|tab_columns|password)|dba_users|v\$version|dual\b.{0,8}where|northwind|xp_(?:cmdshell|regread|dirtree|fileexist|servicecontrol|availablemedia)|sp_(?:oacreate|oamethod|makewebtask|addlogin|password|configure|executesql|execute_external_script))/,
  },
  {
    id: 942160, group: 'sqli', pl: 1, score: CRITICAL, msg: 'SQL injection: blind timing', kinds: ARGS, pipeline: 'std',
    test: /\b(?:sleep\s*\(\s*[\d(@'"]|benchmark\s*\(|pg_sleep\s*\(|waitfor\s+(?:delay|time)\s+['"\d]|dbms_lock\.sleep|dbms_pipe\.receive_message|randomblob\s*\(\s*\d{5,})/,
  },
  {
    id: 942190, group: 'sqli', pl: 1, score: CRITICAL, msg: 'SQL injection: MSSQL code execution and information gathering', kinds: ARGS, pipeline: 'std',
    test: /\b(?:exec(?:ute)?\s+(?:master\.|xp_|sp_)|union\s+(?:all\s+|distinct\s+)?\(?\s*select\b|select\s+.{0,64}\bfrom\s+(?:information_schema|dual|sys|mysql|pg_)|\binto\s+(?:out|dump)file\s|load_file\s*\(|;\s*(?:shutdown|drop|declare|exec)\b|select\s*(?:@@|user\s*\(|version\s*\(|database\s*\(|current_user|system_user)|\bdeclare\s+@|@@(?:version|datadir|hostname|basedir|servername|identity))/,
  },
  {
    id: 942200, group: 'sqli', pl: 1, score: CRITICAL, msg: 'SQL injection: comment/space obfuscation', kinds: ARGS, pipeline: 'lower',
    test: /\/\*!?\d{0,5}\s*(?:union|select|and|or|from|where|insert|update|delete|drop|concat|sleep|benchmark)\b|(?:union|select|from|where|and|or)\/\*.{0,64}\*\/(?:union|select|from|where|and|or|all|distinct|null|\d)|\bunion\s*\/\*|\bselect\s*\/\*/,
  },
  {
    id: 942230, group: 'sqli', pl: 1, score: CRITICAL, msg: 'SQL injection: conditional', kinds: ARGS, pipeline: 'std',
    test: /[\s()]case\s+when\s.{0,128}\bthen\b|\bif\s*\(\s*[^,()]{1,128}[=<>][^,()]{0,128},|\biif\s*\(|\belt\s*\(\s*\d/,
  },
  {
    id: 942240, group: 'sqli', pl: 1, score: CRITICAL, msg: 'SQL injection: charset switch / MySQL specific', kinds: ARGS, pipeline: 'std',
    test: /\balter\s+(?:table|user|database|login)\b|\bcharset\s*=\s*['"]?\w|\b(?:_utf8|_latin1|_binary)\s*['"x0]|['"`]\s*;\s*(?:waitfor|shutdown|exec)\b/,
  },
  {
    id: 942250, group: 'sqli', pl: 1, score: CRITICAL, msg: 'SQL injection: MERGE/EXECUTE IMMEDIATE/HAVING', kinds: ARGS, pipeline: 'std',
    test: /\bmerge\s+into\b|\bexecute\s+immediate\b|\bmatch\s*\([\w\s,]{1,128}\)\s*against\s*\(|\bhaving\s+\d\s*[=<>]/,
  },
  {
    id: 942270, group: 'sqli', pl: 1, score: CRITICAL, msg: 'SQL injection: union select from', kinds: ARGS, pipeline: 'std', skipProse: true,
    test: /\bunion\b.{0,64}\bselect\b.{0,128}\bfrom\b/,
  },
  {
    id: 942280, group: 'sqli', pl: 1, score: CRITICAL, msg: 'SQL injection: pg_sleep / waitfor / shutdown', kinds: ARGS, pipeline: 'std',
    test: /\bselect\s+pg_sleep|\bwaitfor\s+delay\b|;\s*shutdown\s*(?:with|;|--|#|$)|\bpg_sleep\b/,
  },
  {
    id: 942290, group: 'sqli', pl: 1, score: CRITICAL, msg: 'NoSQL (MongoDB) injection', kinds: ['arg', 'argName', 'uri'], pipeline: 'std',
    test: /\[\s*\$(?:ne|eq|lte?|gte?|n?in|mod|all|size|exists|type|slice|or|and|nor|not|regex|where|elemmatch|expr|text|jsonschema)\s*\]|^\$(?:ne|eq|lte?|gte?|n?in|regex|where|expr|or|and|nor|not|exists|elemmatch|function)$|\$where\b.{0,64}(?:function|sleep|this\.)|\bdb\.[a-z]{1,64}\.(?:find|insert|remove|update|drop)\s*\(/,
  },
  {
    id: 942320, group: 'sqli', pl: 1, score: CRITICAL, msg: 'SQL injection: stored procedure / function creation', kinds: ARGS, pipeline: 'std', skipProse: true,
    test: /\bcreate\s+(?:or\s+replace\s+)?(?:function|procedure|trigger|event|view|table|user|database|index|definer|temporary)\b|\bprocedure\s+analyse\s*\(|\bdrop\s+(?:function|procedure|table|database|user|trigger|view|index|schema)\s+(?:if\s+exists\s+)?[\w`[]|\bexec(?:ute)?\s*\(\s*['"@]|\bdelete\s+from\s+\w|\binsert\s+into\s+\w|\bupdate\s+\w{1,64}\s+set\s+\w|\btruncate\s+table\b|\bgrant\s+(?:all|select|insert|execute)\b|\bselect\s+\*\s+from\b|\bselect\s+[\w,\s*()]{1,64}\sfrom\s+\w/,
  },
  {
    id: 942350, group: 'sqli', pl: 1, score: CRITICAL, msg: 'SQL injection: UDF / data manipulation', kinds: ARGS, pipeline: 'std',
    test: /\bcreate\s+function\s+\w{1,64}\s+returns\b|;\s*(?:insert\s+into|update\s+\w{1,64}\s+set|delete\s+from|select\s|create\s+(?:table|database|user|function|procedure|trigger)|drop\s+(?:table|database|user|function|procedure)|alter\s+(?:table|database|user)|truncate\s|declare\s+@|exec\b|shutdown\b|waitfor\b|load\s+data|handler\s|call\s+\w|set\s+@|rename\s+table|use\s+\w)/,
  },
  {
    id: 942360, group: 'sqli', pl: 1, score: CRITICAL, msg: 'SQL injection: concatenated basic attempts', kinds: ARGS, pipeline: 'std', skipProse: true,
    test: /\b(?:load_file|load\s+data\s+(?:local\s+)?infile|select\s+.{0,64}\binto\s+(?:@|out|dump)|(?:create|alter|drop|rename)\s+(?:table|database|user|column|index)\s+[\w`[]|\bunion\s+(?:all\s+)?select|;\s*select\b|\bselect\s+(?:null|\d)\s*(?:,|--|#|$))/,
  },
  {
    id: 942500, group: 'sqli', pl: 1, score: CRITICAL, msg: 'MySQL inline comment', kinds: ARGS, pipeline: 'lower',
    test: /\/\*[!+](?:\d{0,5}|[\s\w(]{0,8})/,
  },
  {
    id: 942550, group: 'sqli', pl: 1, score: CRITICAL, msg: 'JSON-based SQL injection', kinds: ARGS_AND_PATH, pipeline: 'std',
    test: /['"`][{[].{0,64}['"`]\s*(?:::\s*jsonb?|->>?|#>>?|@>|<@|\?\||\?&)|\b(?:json_(?:extract|value|query|keys|contains|search|array|object)|jsonb_(?:build_object|extract_path|typeof|path_query)|json_each|json_extract)\s*\(|\bjson\s*(?:->|->>)|(?:->>?|#>>?)\s*['"`]?[$[{]/,
  },
  {
    id: 942150, group: 'sqli', pl: 2, score: CRITICAL, msg: 'SQL function name', kinds: ARGS, pipeline: 'std',
    test: /\b(?:ascii|char|concat|hex|unhex|substr(?:ing)?|mid|ord|version|database|user|length)\s*\(/,
  },
  // ---- 943 session fixation
  {
    id: 943100, group: 'session', pl: 1, score: CRITICAL, msg: 'session fixation: cookie set in HTML', kinds: ARGS, pipeline: 'std',
    test: /\.cookie\b.{0,64}\bexpires\s*=|<meta[^>]{0,256}http-equiv\s*=\s*['"]?set-cookie|document\.cookie\s*=/,
  },
  {
    id: 943120, group: 'session', pl: 1, score: CRITICAL, msg: 'session fixation: session id parameter', kinds: ['argName'], pipeline: 'lower',
    test: /^(?:[a-z_]{0,20}_session|connect\.sid|[a-z]{0,12}sessid|jsessionid|aspsessionid|asp\.net_sessionid|phpsession|phpsessid|weblogicsession|session_id|session-id|cfid|cftoken|cfsid|jservsession|jwsession|sid)$/,
  },
  // ---- 944 Java
  {
    id: 944100, group: 'java', pl: 1, score: CRITICAL, msg: 'Java: runtime or process builder', kinds: ['arg', 'argName', 'cookie', 'header', 'body', 'path'], pipeline: 'std',
    test: /\bjava\.lang\.(?:runtime|processbuilder|process|system|thread|class|reflect|classloader)\b|\bprocessbuilder\b|\bruntime\s*\.\s*getruntime\b|\bgetruntime\s*\(\s*\)\s*\.\s*exec\b/,
  },
  {
    id: 944110, group: 'java', pl: 1, score: CRITICAL, msg: 'Java: process spawn', kinds: ['arg', 'argName', 'cookie', 'header', 'body'], pipeline: 'std',
    test: /\b(?:runtime|processbuilder)\b.{0,256}\b(?:exec|start|command|redirect|inheritio|getinputstream)\b/,
  },
  {
    id: 944120, group: 'java', pl: 1, score: CRITICAL, msg: 'Java: deserialization gadget', kinds: ['arg', 'argName', 'cookie', 'header', 'body'], pipeline: 'std',
    test: /\b(?:clonetransformer|forclosure|instantiatefactory|instantiatetransformer|invokertransformer|prototypeclonefactory|prototypeserializationfactory|whileclosure|chainedtransformer|constanttransformer|lazymap|transformedmap|templatesimpl|annotationinvocationhandler|badattributevalueexpexception|jdbcrowsetimpl|priorityqueue|hashset|hashtable|beancomparator|proxylazyvalue|jndimanager|pojonode|abstractbeanfactorypointcutadvisor|c3p0|comboPooledDataSource|xbean|rhino|nativejavaobject|gadget)\b.{0,512}\b(?:java|runtime|processbuilder|exec|transform|invoke|getruntime)\b|\b(?:invokertransformer|chainedtransformer|instantiatetransformer|templatesimpl|jdbcrowsetimpl)\b/,
  },
  {
    id: 944130, group: 'java', pl: 1, score: CRITICAL, msg: 'Java: suspicious class name', kinds: ['arg', 'argName', 'cookie', 'header', 'body', 'path'], pipeline: 'std',
    test: JAVA_CLASS_PREFIXES,
  },
  {
    id: 944140, group: 'java', pl: 1, score: CRITICAL, msg: 'Java: JSP scriptlet', kinds: ['arg', 'argName', 'cookie', 'body', 'file'], pipeline: 'std',
    test: /<%[=!@]?[\s\w]|<jsp:(?:scriptlet|expression|declaration|directive)|\.jspx?$/,
  },
  {
    id: 944150, group: 'java', pl: 1, score: CRITICAL, msg: 'Java: Log4j JNDI lookup', kinds: ['arg', 'argName', 'cookie', 'cookieName', 'header', 'uri', 'body', 'path'], pipeline: 'std',
    needs: ['${', '$%7b', '%24'],
    test: /\$\{(?:[^}]{0,128}:)?(?:j|\$\{[^}]{0,64}\})(?:n|\$\{[^}]{0,64}\})(?:d|\$\{[^}]{0,64}\})(?:i|\$\{[^}]{0,64}\})|\$\{(?:jndi|ctx|env|sys|lower|upper|main|java|date|bundle|docker|k8s|log4j|marker|map|sd|spring|web|base64|event)\s*:/,
  },
  {
    id: 944151, group: 'java', pl: 1, score: CRITICAL, msg: 'Java: Log4j nested lookup', kinds: ['arg', 'argName', 'cookie', 'cookieName', 'header', 'uri', 'body', 'path'], pipeline: 'std',
    needs: ['${', '$%7b', '%24'],
    test: /\$\{[^}]{0,128}\$\{|\$\{[^}]{0,64}:-[^}]{0,16}\}|\$\{\s*(?:jndi|ldap|rmi|dns|iiop|corba|nds|nis|http)\b/,
  },
  {
    id: 944152, group: 'java', pl: 1, score: CRITICAL, msg: 'Java: Log4j JNDI protocol', kinds: ['arg', 'argName', 'cookie', 'header', 'uri', 'body', 'path'], pipeline: 'compact',
    test: /(?:jndi|\$\{[^}]{0,64}\}n\$\{).{0,128}(?:ldaps?|rmi|dns|iiop|corba|nds|nis|https?):/,
  },
  {
    id: 944200, group: 'java', pl: 1, score: CRITICAL, msg: 'Java: serialized object (magic bytes)', kinds: ['arg', 'body', 'cookie', 'header'], pipeline: 'raw',
    // eslint-disable-next-line no-control-regex -- Java serialization magic bytes
    test: /\xac\xed\x00\x05|\ufffd\ufffd\x00\x05/,
  },
  {
    id: 944210, group: 'java', pl: 1, score: CRITICAL, msg: 'Java: serialized object (base64)', kinds: ['arg', 'argName', 'cookie', 'header', 'body'], pipeline: 'raw',
    test: /ro0ab|rO0AB|KztAAU|Cs7QAF|H4sIA/,
  },
  {
    id: 944240, group: 'java', pl: 1, score: CRITICAL, msg: 'Java: serialization with class names', kinds: ['arg', 'argName', 'cookie', 'header', 'body'], pipeline: 'std',
    test: /\b(?:clonetransformer|forclosure|instantiatefactory|instantiatetransformer|invokertransformer|prototypeclonefactory|prototypeserializationfactory|whileclosure|getproperty|filewriter|xmldecoder|objectinputstream|objectoutputstream|readobject|java\.beans|xstream|snakeyaml|fastjson|@type)\b/,
  },
  {
    id: 944250, group: 'java', pl: 1, score: CRITICAL, msg: 'Java: method invocation', kinds: ['arg', 'argName', 'cookie', 'header', 'body'], pipeline: 'std',
    test: /\bjava\b.{0,256}\b(?:getruntime|processbuilder|runtime\.exec|getclass|forname|getmethod|invoke|newinstance|classloader|defineclass)\b/,
  },
  {
    id: 944260, group: 'java', pl: 1, score: CRITICAL, msg: 'Java: class loader', kinds: ['arg', 'argName', 'cookie', 'header', 'body', 'uri'], pipeline: 'std',
    test: /\b(?:class\.module\.classloader|class\.classloader|classloader\.(?:resources|urls|parent)|getclassloader|urlclassloader|defineclass|\.class\.forname|class\.forname\s*\()/,
  },
  {
    id: 944300, group: 'java', pl: 1, score: CRITICAL, msg: 'Java: base64 class name', kinds: ['arg', 'argName', 'cookie', 'header', 'body'], pipeline: 'raw',
    test: /cnVudGltZQ|HJ1bnRpbWU|BydW50aW1l|amF2YS5sYW5n|phdmEubGFuZ|qYXZhLmxhbm|cHJvY2Vzc2J1aWxkZXI|HByb2Nlc3NidWlsZGVy|Byb2Nlc3NidWlsZGVy|Y2xvbmV0cmFuc2Zvcm1lcg|Nsb25ldHJhbnNmb3JtZXI|jbG9uZXRyYW5zZm9ybWVy|Zm9yY2xvc3VyZQ|ZvcmNsb3N1cmU|mb3JjbG9zdXJl|aW5zdGFudGlhdGVmYWN0b3J5|luc3RhbnRpYXRlZmFjdG9yeQ|pbnN0YW50aWF0ZWZhY3Rvcnk|aW5zdGFudGlhdGV0cmFuc2Zvcm1lcg|luc3RhbnRpYXRldHJhbnNmb3JtZXI|pbnN0YW50aWF0ZXRyYW5zZm9ybWVy|aW52b2tlcnRyYW5zZm9ybWVy|ludm9rZXJ0cmFuc2Zvcm1lcg|pbnZva2VydHJhbnNmb3JtZXI|cHJvdG90eXBlY2xvbmVmYWN0b3J5|Byb3RvdHlwZWNsb25lZmFjdG9yeQ|wcm90b3R5cGVjbG9uZWZhY3Rvcnk|cHJvdG90eXBlc2VyaWFsaXphdGlvbmZhY3Rvcnk|Byb3RvdHlwZXNlcmlhbGl6YXRpb25mYWN0b3J5|wcm90b3R5cGVzZXJpYWxpemF0aW9uZmFjdG9yeQ|d2hpbGVjbG9zdXJl|doaWxlY2xvc3VyZQ|3aGlsZWNsb3N1cmU/i,
  },
  // notice-level: seen in attacks, also in odd but legitimate text
  {
    id: 920272, group: 'protocol', pl: 3, score: NOTICE, msg: 'invalid character in request (outside printable ASCII)', kinds: ['uri'], pipeline: 'raw',
     
    test: /[^\x21-\x7e]/,
  },
  { id: 941101, group: 'xss', pl: 2, score: ERROR, msg: 'XSS in Referer', kinds: ['header'], headers: /^header\.referer$/, pipeline: 'std', test: (v) => detectXss(v) !== undefined },
  { id: 942101, group: 'sqli', pl: 2, score: WARNING, msg: 'SQL injection in path', kinds: ['path'], pipeline: 'std', test: (v) => detectSqli(v) !== undefined },
];
